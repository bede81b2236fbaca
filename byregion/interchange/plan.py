"""Import, first step: check a whole document against the database and build unsaved objects.

Nothing is written here; write.py stores what the planner built, in one transaction.
"""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

from byregion.interchange.document import (
    FORMAT,
    IMAGE_DIR,
    ContentError,
    Reader,
    check_text,
    clean_instance,
    read_language,
    read_status,
    slugged,
)
from cases import images as image_processing
from cases.models import ResultExample, ResultImage, Theme
from regions.models import (
    Bottleneck,
    Contact,
    Goal,
    Membership,
    Municipality,
    Region,
)

MAX_GOAL_NUMBER = 1000


@dataclass
class ImagePlan:
    path: str
    source: Path
    image: ResultImage


@dataclass
class ResultPlan:
    path: str
    result: ResultExample
    goals: list[int]
    themes: list[str]
    images: list[ImagePlan]
    # Without a publish time, a published result keeps the one it has (or gets the time of import).
    published_at_given: bool = True


@dataclass
class RegionPlan:
    path: str
    region: Region
    members: list[Membership]
    goals: list[Goal]
    bottlenecks: list[Bottleneck]
    contacts: list[Contact]
    results: list[ResultPlan]
    published_at_given: bool = True


class Planner:
    """Checks a whole document against the database and builds unsaved objects from it."""

    def __init__(self, document, base_dir):
        self.base_dir = Path(base_dir).resolve() if base_dir is not None else None
        root = Reader(document, "")
        if root.data.get("format") != FORMAT:
            raise ContentError(
                _("ukjent format «%(value)s»; venta «%(format)s»")
                % {"value": root.data.get("format"), "format": FORMAT},
                path="format",
            )
        self.root = root
        self.municipalities = {m.number: m for m in Municipality.objects.all()}
        self.existing_themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.themes = self._themes()
        self.regions = self._regions()

    def _themes(self):
        themes = []
        for reader, slug in slugged(
            self.root.items("themes"), "themes", lambda slug: _("temaet står to gonger")
        ):
            theme = Theme(
                slug=slug,
                name=reader.text("name", required=True),
                description=reader.text("description"),
            )
            clean_instance(theme, reader.path, validate_unique=False, validate_constraints=False)
            themes.append(theme)
        return themes

    def _regions(self):
        return [
            self._region(reader, slug)
            for reader, slug in slugged(
                self.root.items("regions"),
                "regions",
                lambda slug: _("adressa «%(slug)s» står to gonger i dokumentet") % {"slug": slug},
            )
        ]

    def _region(self, reader, slug):
        phases = reader.get("phases", list, required=True)
        if not phases or any(phase not in (1, 2) or isinstance(phase, bool) for phase in phases):
            raise ContentError(_("venta [1], [2] eller [1, 2]"), path=reader.at("phases"))
        status, published_at, published_at_given = read_status(reader)
        advice = reader.items("advice")
        if any(not isinstance(line, str) or "\n" in line for line in advice):
            raise ContentError(
                _("venta ei liste med tekstar på éi linje"), path=reader.at("advice")
            )
        for line in advice:
            check_text(line, reader.at("advice"))
        region = Region(
            slug=slug,
            name=reader.text("name", required=True),
            project_name=reader.text("project_name"),
            organisation=reader.text("organisation"),
            phase_1=1 in phases,
            phase_2=2 in phases,
            language=read_language(reader),
            status=status,
            published_at=published_at,
            population_2015=reader.get("population_2015", int),
            area_km2=reader.get("area_km2", int),
            source_url=reader.text("source_url"),
            summary=reader.text("summary_html"),
            advice="\n".join(line.strip() for line in advice if line.strip()),
            after_programme=reader.text("after_html"),
            editorial_note=reader.text("editorial_note"),
        )
        clean_instance(region, reader.path, validate_unique=False)
        goals = self._goals(reader, region)
        numbers = {goal.number for goal in goals}
        results = [
            self._result(result_reader, region, numbers)
            for result_reader, _slug in slugged(
                reader.items("results"),
                f"{reader.path}.results",
                lambda slug: _("adressa «%(slug)s» står to gonger i byregionen") % {"slug": slug},
            )
        ]
        return RegionPlan(
            path=reader.path,
            region=region,
            members=self._members(reader, region),
            goals=goals,
            bottlenecks=self._bottlenecks(reader, region),
            contacts=self._contacts(reader, region),
            results=results,
            published_at_given=published_at_given,
        )

    def _members(self, reader, region):
        members, names, applicants = [], set(), 0
        for index, item in enumerate(reader.items("members")):
            member = Reader(item, f"{reader.path}.members[{index}]")
            number = member.text("municipality", required=True)
            municipality = self.municipalities.get(number)
            if municipality is None:
                raise ContentError(
                    _("kommunenummer «%(number)s» finst ikkje i registeret for 2024")
                    % {"number": number},
                    path=member.at("municipality"),
                )
            name = member.text("name").strip() or municipality.name
            if name.casefold() in names:
                raise ContentError(
                    _("«%(name)s» står to gonger i byregionen") % {"name": name},
                    path=member.at("name"),
                )
            names.add(name.casefold())
            applicant = member.get("applicant", bool, default=False)
            applicants += applicant
            if applicants > 1:
                raise ContentError(
                    _("ein byregion har berre éin søkarkommune"), path=member.at("applicant")
                )
            membership = Membership(
                region=region,
                municipality=municipality,
                name=name,
                applicant=applicant,
                position=index,
            )
            clean_instance(
                membership,
                member.path,
                exclude=["region", "municipality"],
                validate_unique=False,
                validate_constraints=False,
            )
            members.append(membership)
        return members

    def _goals(self, reader, region):
        goals, numbers = [], set()
        for index, item in enumerate(reader.items("goals")):
            goal_reader = Reader(item, f"{reader.path}.goals[{index}]")
            number = goal_reader.get("number", int, required=True)
            if number < 1:
                raise ContentError(
                    _("eit mål har nummer 1 eller høgare"), path=goal_reader.at("number")
                )
            if number > MAX_GOAL_NUMBER:
                raise ContentError(
                    _("eit mål har nummer %(max)s eller lågare") % {"max": MAX_GOAL_NUMBER},
                    path=goal_reader.at("number"),
                )
            if number in numbers:
                raise ContentError(
                    _("mål %(number)s står to gonger") % {"number": number},
                    path=goal_reader.at("number"),
                )
            numbers.add(number)
            goal = Goal(
                region=region, number=number, text=goal_reader.text("text_html", required=True)
            )
            clean_instance(
                goal,
                goal_reader.path,
                exclude=["region"],
                validate_unique=False,
                validate_constraints=False,
            )
            goals.append(goal)
        return goals

    def _bottlenecks(self, reader, region):
        bottlenecks = []
        for index, item in enumerate(reader.items("bottlenecks")):
            item_reader = Reader(item, f"{reader.path}.bottlenecks[{index}]")
            bottleneck = Bottleneck(
                region=region, text=item_reader.text("text_html", required=True), position=index
            )
            clean_instance(bottleneck, item_reader.path, exclude=["region"])
            bottlenecks.append(bottleneck)
        return bottlenecks

    def _contacts(self, reader, region):
        contacts = []
        for index, item in enumerate(reader.items("contacts")):
            contact_reader = Reader(item, f"{reader.path}.contacts[{index}]")
            contact = Contact(
                region=region,
                name=contact_reader.text("name", required=True),
                role=contact_reader.text("role"),
                organisation=contact_reader.text("organisation"),
                phone=contact_reader.text("phone"),
                email=contact_reader.text("email"),
                position=index,
            )
            clean_instance(
                contact, contact_reader.path, exclude=["region"], validate_constraints=False
            )
            contacts.append(contact)
        return contacts

    def _result(self, reader, region, goal_numbers):
        status, published_at, published_at_given = read_status(reader)
        result = ResultExample(
            region=region,
            slug=reader.text("slug", required=True),
            title=reader.text("title", required=True),
            teaser=reader.text("teaser", required=True),
            body=reader.text("body_html"),
            language=read_language(reader),
            featured=reader.get("featured", bool, default=False),
            status=status,
            published_at=published_at,
        )
        clean_instance(
            result,
            reader.path,
            exclude=["region"],
            validate_unique=False,
            validate_constraints=False,
        )
        goals = reader.items("goals")
        for number in goals:
            if isinstance(number, bool) or not isinstance(number, int):
                raise ContentError(_("venta ei liste med målnummer"), path=reader.at("goals"))
            if number not in goal_numbers:
                raise ContentError(
                    _("mål %(number)s finst ikkje i regionen") % {"number": number},
                    path=reader.at("goals"),
                )
        themes = reader.items("themes")
        known = {theme.slug for theme in self.themes} | set(self.existing_themes)
        for slug in themes:
            if not isinstance(slug, str):
                raise ContentError(_("venta ei liste med tema-adresser"), path=reader.at("themes"))
            if slug not in known:
                raise ContentError(
                    _("temaet «%(slug)s» finst ikkje (verken i dokumentet eller i databasen)")
                    % {"slug": slug},
                    path=reader.at("themes"),
                )
        images = [
            self._image(Reader(item, f"{reader.path}.images[{index}]"), result, index)
            for index, item in enumerate(reader.items("images"))
        ]
        return ResultPlan(
            path=reader.path,
            result=result,
            goals=sorted(set(goals)),
            themes=sorted(set(themes)),
            images=images,
            published_at_given=published_at_given,
        )

    def _image(self, reader, result, index):
        file = reader.text("file", required=True)
        where = reader.at("file")
        if self.base_dir is None:
            raise ContentError(
                _("bilete krev at dokumentet er ei fil, med bileta ved sida av"), path=where
            )
        relative = PurePosixPath(file)
        if "://" in file or relative.is_absolute() or ".." in relative.parts:
            raise ContentError(
                _("«%(file)s» må vere ei fil ved sida av JSON-fila, til dømes «%(dir)s/bilete.jpg»")
                % {"file": file, "dir": IMAGE_DIR},
                path=where,
            )
        source = (self.base_dir / relative).resolve()
        if not source.is_relative_to(self.base_dir):
            raise ContentError(
                _("«%(file)s» peikar ut av mappa til JSON-fila") % {"file": file}, path=where
            )
        if not source.is_file():
            raise ContentError(_("fila «%(file)s» finst ikkje") % {"file": file}, path=where)
        with open(source, "rb") as handle:
            try:
                image_processing.validate_image(File(handle, name=source.name))
            except ValidationError as error:
                raise ContentError(" ".join(error.messages), path=where) from error
        image = ResultImage(
            alt_text=reader.text("alt"),
            decorative=reader.get("decorative", bool, default=False),
            caption=reader.text("caption"),
            credit=reader.text("credit"),
            position=reader.get("position", int, default=index),
        )
        if not image.decorative and not image.alt_text.strip():
            raise ContentError(
                _("skriv ein alternativ tekst, eller set «decorative» til true"),
                path=reader.at("alt"),
            )
        clean_instance(image, reader.path, exclude=["result", "image"], validate_constraints=False)
        return ImagePlan(path=reader.path, source=source, image=image)
