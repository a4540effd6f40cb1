/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * NdSpellChecker: enchant-2 spell checking for text views and entries.
 *
 * Misspelt words get the "nd-misspelled" tag (text views; NdBodyView keeps it out of its
 * HTML and undo history) or an error underline attribute (entries). Edits only mark lines
 * to re-check; checking runs after typing pauses, in short idle chunks, so a keystroke
 * never waits on the dictionary. The word being typed at the cursor is not flagged until
 * the cursor leaves it. Dictionaries load on a worker thread.
 *
 * Each attached widget gets a "spell" action group and an extra context-menu section
 * rebuilt on right-click (or the Menu key) for the word there:
 *   spell.replace ((iiss): start, end (character offsets), the misspelt word, its
 *                  replacement) — one undoable edit;
 *   spell.add (s): adds the word to the personal dictionary
 *                  ($XDG_CONFIG_HOME/enchant/<dict>.dic);
 *   spell.ignore (s): accepts the word for this session.
 *
 * Properties: "language" (read-write, the requested BCP 47 tag), "dictionary" (read-only,
 * the enchant dictionary in use such as "en_US", NULL while loading or when there is none
 * for the language: then nothing is flagged).
 */

#define ND_TYPE_SPELL_CHECKER (nd_spell_checker_get_type ())
G_DECLARE_FINAL_TYPE (NdSpellChecker, nd_spell_checker, ND, SPELL_CHECKER, GObject)

NdSpellChecker *nd_spell_checker_new              (void);

/* "en" → en_US (or another English dictionary), "es" → es_ES…, "pt-BR" → pt_BR; NULL, ""
 * or a language without a dictionary turns checking off. */
void            nd_spell_checker_set_language     (NdSpellChecker *self,
                                                   const char     *bcp47);
const char     *nd_spell_checker_get_language     (NdSpellChecker *self);
const char     *nd_spell_checker_get_dictionary   (NdSpellChecker *self);

void            nd_spell_checker_attach_text_view (NdSpellChecker *self,
                                                   GtkTextView    *view);
void            nd_spell_checker_attach_entry     (NdSpellChecker *self,
                                                   GtkEntry       *entry);

/* TRUE if word is correct, or cannot be judged (no dictionary, a number, an acronym, a
 * URL). */
gboolean        nd_spell_checker_check_word       (NdSpellChecker *self,
                                                   const char     *word);
/* Up to 5 suggestions, best first; never NULL (empty without a dictionary). */
char          **nd_spell_checker_suggest          (NdSpellChecker *self,
                                                   const char     *word);

/* TRUE while a dictionary is loading or an attached widget has text not checked yet. */
gboolean        nd_spell_checker_get_pending      (NdSpellChecker *self);

/* What a right-click does: rebuilds the widget's spelling menu section for the word at
 * the given character offset and returns it (empty when that word is not misspelt). */
GMenuModel     *nd_spell_checker_update_menu      (NdSpellChecker *self,
                                                   GtkWidget      *widget,
                                                   int             offset);

G_END_DECLS
