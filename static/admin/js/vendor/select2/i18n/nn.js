/* select2's messages in nynorsk for the admin's autocomplete fields (select2 ships no nynorsk).
 * Django loads this file once byregion.editor_language has registered "nn" as a select2 language. */
'use strict';
{
    const amd = window.jQuery && jQuery.fn && jQuery.fn.select2 && jQuery.fn.select2.amd;
    if (amd) {
        amd.define('select2/i18n/nn', [], function() {
            return {
                errorLoading: function() { return 'Kunne ikkje hente treffa.'; },
                inputTooLong: function(args) {
                    return 'Ta bort ' + (args.input.length - args.maximum) + ' teikn.';
                },
                inputTooShort: function(args) {
                    return 'Skriv ' + (args.minimum - args.input.length) + ' teikn til.';
                },
                loadingMore: function() { return 'Hentar fleire treff …'; },
                maximumSelected: function(args) {
                    return 'Du kan velje høgst ' + args.maximum + '.';
                },
                noResults: function() { return 'Ingen treff'; },
                searching: function() { return 'Søkjer …'; },
                removeAllItems: function() { return 'Fjern alle'; },
                removeItem: function() { return 'Fjern'; },
                search: function() { return 'Søk'; }
            };
        });
    }
}
