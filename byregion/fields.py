"""Model fields the apps share."""

from django.core import validators
from django.db import models


class LimitedTextField(models.TextField):
    """A TextField whose `max_length` the model checks too, as a CharField's is.

    Django applies a TextField's max_length only in forms; an import or the shell would store any
    length. With the validator here, full_clean() refuses what the admin's form would refuse.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))
