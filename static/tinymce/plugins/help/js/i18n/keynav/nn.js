/* The help dialog's «Tastaturnavigering» tab in nynorsk (TinyMCE ships no nynorsk; see langs/nn.js). */
tinymce.Resource.add('tinymce.html-i18n.help-keynav.nn',
'<h1>Byrje å navigere med tastaturet</h1>\n' +
  '\n' +
  '<dl>\n' +
  '  <dt>Gå til menylinja</dt>\n' +
  '  <dd>Windows eller Linux: Alt+F9</dd>\n' +
  '  <dd>macOS: &#x2325;F9</dd>\n' +
  '  <dt>Gå til verktøylinja</dt>\n' +
  '  <dd>Windows eller Linux: Alt+F10</dd>\n' +
  '  <dd>macOS: &#x2325;F10</dd>\n' +
  '  <dt>Gå til botnlinja</dt>\n' +
  '  <dd>Windows eller Linux: Alt+F11</dd>\n' +
  '  <dd>macOS: &#x2325;F11</dd>\n' +
  '  <dt>Gå til varselet</dt>\n' +
  '  <dd>Windows eller Linux: Alt+F12</dd>\n' +
  '  <dd>macOS: &#x2325;F12</dd>\n' +
  '  <dt>Gå til ei kontekstuell verktøylinje</dt>\n' +
  '  <dd>Windows, Linux eller macOS: Ctrl+F9</dd>\n' +
  '</dl>\n' +
  '\n' +
  '<p>Navigeringa byrjar på det første elementet i grensesnittet. Det blir utheva, eller understreka om det er det\n' +
  '  første elementet i elementstien i botnlinja.</p>\n' +
  '\n' +
  '<h1>Flytte mellom delane av grensesnittet</h1>\n' +
  '\n' +
  '<p>Trykk <strong>Tab</strong> for å gå til neste del av grensesnittet.</p>\n' +
  '\n' +
  '<p>Trykk <strong>Shift+Tab</strong> for å gå til førre del av grensesnittet.</p>\n' +
  '\n' +
  '<p>Med <strong>Tab</strong> går du gjennom delane i denne rekkjefølgja:</p>\n' +
  '\n' +
  '<ol>\n' +
  '  <li>menylinja</li>\n' +
  '  <li>kvar gruppe på verktøylinja</li>\n' +
  '  <li>sidepanelet</li>\n' +
  '  <li>elementstien i botnlinja</li>\n' +
  '  <li>knappen for ordteljing i botnlinja</li>\n' +
  '  <li>merkelenkja i botnlinja</li>\n' +
  '  <li>handtaket for å endre storleiken på redigeringsfeltet i botnlinja</li>\n' +
  '</ol>\n' +
  '\n' +
  '<p>Ein del som ikkje er der, blir hoppa over.</p>\n' +
  '\n' +
  '<p>Står du i botnlinja og det ikkje er noko synleg sidepanel, flyttar <strong>Shift+Tab</strong> deg til\n' +
  '  den første gruppa på verktøylinja, ikkje den siste.</p>\n' +
  '\n' +
  '<h1>Flytte innanfor ein del av grensesnittet</h1>\n' +
  '\n' +
  '<p>Med <strong>piltastane</strong> går du frå eitt element til det neste.</p>\n' +
  '\n' +
  '<p>Piltastane <strong>venstre</strong> og <strong>høgre</strong></p>\n' +
  '\n' +
  '<ul>\n' +
  '  <li>flyttar mellom menyane på menylinja</li>\n' +
  '  <li>opnar ein undermeny i ein meny</li>\n' +
  '  <li>flyttar mellom knappane i ei gruppe på verktøylinja</li>\n' +
  '  <li>flyttar mellom elementa i elementstien i botnlinja.</li>\n' +
  '</ul>\n' +
  '\n' +
  '<p>Piltastane <strong>ned</strong> og <strong>opp</strong></p>\n' +
  '\n' +
  '<ul>\n' +
  '  <li>flyttar mellom punkta i ein meny</li>\n' +
  '  <li>flyttar mellom punkta i ein sprettoppmeny på verktøylinja.</li>\n' +
  '</ul>\n' +
  '\n' +
  '<p>Piltastane går rundt innanfor den delen av grensesnittet som er utheva.</p>\n' +
  '\n' +
  '<p>Trykk <strong>Esc</strong> for å lukke ein open meny, ein open undermeny eller ein open sprettoppmeny.</p>\n' +
  '\n' +
  '<p>Står du på det øvste nivået i ein del av grensesnittet, avsluttar <strong>Esc</strong> òg\n' +
  '  navigeringa med tastaturet.</p>\n' +
  '\n' +
  '<h1>Bruke eit menypunkt eller ein knapp på verktøylinja</h1>\n' +
  '\n' +
  '<p>Når menypunktet eller knappen du vil bruke, er utheva, trykkjer du <strong>Retur</strong>, <strong>Enter</strong>\n' +
  '  eller <strong>mellomromstasten</strong>.</p>\n' +
  '\n' +
  '<h1>Navigere i dialogvindauge utan faner</h1>\n' +
  '\n' +
  '<p>I dialogvindauge utan faner blir den første komponenten du kan bruke, utheva når vindauget opnar seg.</p>\n' +
  '\n' +
  '<p>Gå mellom komponentane i vindauget med <strong>Tab</strong> og <strong>Shift+Tab</strong>.</p>\n' +
  '\n' +
  '<h1>Navigere i dialogvindauge med faner</h1>\n' +
  '\n' +
  '<p>I dialogvindauge med faner blir den første knappen i fanemenyen utheva når vindauget opnar seg.</p>\n' +
  '\n' +
  '<p>Gå mellom komponentane på denne fana med <strong>Tab</strong> og\n' +
  '  <strong>Shift+Tab</strong>.</p>\n' +
  '\n' +
  '<p>Byt til ei anna fane ved å gå til fanemenyen og så bruke <strong>piltastane</strong>\n' +
  '  for å flytte mellom fanene.</p>\n');
