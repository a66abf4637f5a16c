"""The problem codes: a short, stable name for each kind of problem `validate` reports.

A code names a kind of problem a writer recognises ("yaml-indent", "unknown-reference"), not
one place in the checker: tools and editors match on it, and the scenario guide's table of
codes is this registry. A code, once listed here, is never removed or renamed; a new kind of
problem gets a new code.
"""

from __future__ import annotations

from game.structs import Row


class Code(Row):
    """What a code means, in one line, and how grave its problems are."""

    severity: str       # "error": the scenario cannot be played; "warning": it can, but something is likely wrong
    meaning: str


_E, _W = "error", "warning"

CODES: dict[str, Code] = {
    # -- the folder and its files ---------------------------------------------------------------
    "not-a-scenario": Code(_E, "the path is not a scenario: no such folder, or no scenario.yaml in it"),
    "too-many-files": Code(_E, "the scenario's folder holds more YAML files than the game reads"),
    "cannot-read": Code(_E, "a file cannot be opened or read"),
    "file-too-large": Code(_E, "a file is larger than the game reads"),
    "not-utf8": Code(_E, "a file is not saved as UTF-8"),
    "bad-character": Code(_E, "a character that is not allowed: a control character, or a bidirectional "
                              "control in a title, name or id"),
    # -- YAML -----------------------------------------------------------------------------------
    "yaml-indent": Code(_E, "a line is indented unlike the lines it belongs with"),
    "yaml-tab": Code(_E, "a tab where YAML wants spaces"),
    "yaml-quote": Code(_E, "quoted text that is never closed, has text after its closing quote, or holds a bad escape"),
    "yaml-bracket": Code(_E, "a '[' or '{' never closed, a closing one with no opening, or a list in brackets "
                             "without commas"),
    "yaml-colon": Code(_E, "a colon out of place: 'key:value' without a space, ': ' inside a value, or a line "
                           "with no ':'"),
    "yaml-syntax": Code(_E, "other text YAML cannot read"),
    "yaml-alias": Code(_E, "an alias ('*name') that is not defined, refers to itself, or expands the file too far"),
    "yaml-tag": Code(_E, "a YAML tag ('!!python/...', '!!int' on text) that scenario files do not allow"),
    "yaml-documents": Code(_E, "more than one YAML document ('---') in one file"),
    "yaml-too-deep": Code(_E, "values nested deeper than the game reads"),
    "duplicate-key": Code(_E, "the same key written twice in one mapping"),
    "number-out-of-range": Code(_E, "a number beyond what a scenario may hold (10^12 either way)"),
    # -- files, sections and fields -------------------------------------------------------------
    "empty-manifest": Code(_E, "scenario.yaml holds nothing"),
    "empty-file": Code(_W, "a content file holds nothing"),
    "empty-section": Code(_W, "a section with nothing after it"),
    "unknown-section": Code(_E, "a top-level key in a content file that is not a section's name"),
    "unknown-field": Code(_E, "a key that the object it is written in does not have"),
    "missing-field": Code(_E, "a key the object needs is not written"),
    "wrong-type": Code(_E, "a value of the wrong type: text for a number, a list for a mapping..."),
    "out-of-range": Code(_E, "a number outside the range its field allows"),
    "bad-option": Code(_E, "a value that is not one of the words its field allows"),
    "bad-id": Code(_E, "an id that is not lower-case letters, digits and underscores, starting with a letter"),
    "duplicate-id": Code(_E, "two objects with one id"),
    "unknown-reference": Code(_E, "an id that names nothing the scenario defines"),
    "contradiction": Code(_E, "two things written that cannot both hold (a sponsor who opposes, a tie with oneself)"),
    # -- dates ----------------------------------------------------------------------------------
    "bad-date": Code(_E, "a date or a turn length that cannot be read, or a day not in its month"),
    "date-order": Code(_E, "an end before its start"),
    "date-outside": Code(_E, "a date outside the span it must lie in: the scenario's dates, or an event's window"),
    "bad-spread": Code(_E, "an event's spread that is not a known word or a right list of weights"),
    # -- expressions, effects and text ----------------------------------------------------------
    "bad-expression": Code(_E, "an expression that cannot be read, or cannot be worked out"),
    "not-allowed": Code(_E, "something Python has that expressions do not allow (attributes, 'in', '**' nested...)"),
    "unknown-name": Code(_E, "a name in an expression that is not a stat, function or other word it knows, "
                             "or one used the wrong way"),
    "type-mismatch": Code(_E, "a value of one type where another is needed: a number compared with a date..."),
    "bad-call": Code(_E, "a function called the wrong way: arguments, a random one outside effects..."),
    "never-set-flag": Code(_E, "a flag read by an expression that no effect sets"),
    "flag-type": Code(_E, "a flag set to true/false in one place and to a number in another"),
    "bad-effect": Code(_E, "an effect line that is not one change: empty, two lines, a value that does nothing..."),
    "bad-template": Code(_E, "text with a '{' or '}' out of place, or a passage '{if ...}' written wrongly"),
    "glued-passage": Code(_W, "a passage '{if ...}' whose words meet the text beside it without a space "
                              "('Tomsky{if C: and you}' reads 'Tomskyand you'), or whose opening mark is set "
                              "apart from its word ('carries {if C:, by 12 votes}')"),
    # -- politics ---------------------------------------------------------------------------------
    "counts-itself": Code(_E, "a body's support or a bloc's leaning that reads the count it is part of"),
    "too-many-holders": Code(_E, "more characters hold an office at the start than it allows"),
    "uncounted-body": Code(_E, "a staged vote in a body that votes by a formula"),
    "body-not-standing": Code(_W, "an event that stages a vote at a time when the body that votes is not in being "
                                  "(before its 'from' or after its 'to')"),
    # -- events, choices and the codex ----------------------------------------------------------
    "no-choice": Code(_E, "an event with no choices, or none for a role that meets it"),
    "too-many-choices": Code(_E, "an event with more choices than a player can pick with the number keys"),
    "several-historical": Code(_E, "more than one choice of an event marked historical for the same role"),
    "stuck-event": Code(_W, "an event whose every choice has a condition: if none holds, the game is stuck"),
    "unreachable": Code(_W, "a follow-up event nothing leads to, or a codex entry nothing unlocks or links to"),
    "has-no-effect": Code(_W, "something written that changes nothing in play"),
    "empty-text": Code(_W, "a text the object needs (a title, a text, a choice's words) written but empty"),
    # -- sources ----------------------------------------------------------------------------------
    "bad-source": Code(_E, "a source that a reader could not find, or a citation of none"),
}
