// The manifest editor: CodeMirror 6 behind a small API on `globalThis.kplayEditor`, which the Rust UI calls through
// wasm-bindgen (src/ui/codemirror.rs). esbuild bundles this file with the npm packages in package-lock.json
// (scripts/build-editor.sh, a Trunk pre-build hook); nothing is fetched at run time.
//
// Each editor lives in a shadow root: CodeMirror then puts its styles in constructed style sheets, which the page's
// Content-Security-Policy allows, instead of <style> elements, which it forbids. Colours come from the page's CSS
// custom properties (www/style.css), which cross the shadow boundary, so light and dark follow the page.

import { Compartment, EditorState, Text } from '@codemirror/state';
import {
  EditorView, crosshairCursor, drawSelection, dropCursor, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, keymap, lineNumbers, rectangularSelection,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import {
  bracketMatching, HighlightStyle, indentOnInput, indentService, indentUnit, syntaxHighlighting,
} from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';
import { tags } from '@lezer/highlight';

// CodeMirror's own words (search panel, lint, screen-reader announcements) in Japanese; English is its default.
const PHRASES = {
  ja: {
    'Find': '検索', 'Replace': '置換', 'next': '次へ', 'previous': '前へ', 'all': 'すべて',
    'match case': '大文字と小文字を区別', 'by word': '単語単位', 'regexp': '正規表現', 'replace': '置換',
    'replace all': 'すべて置換', 'close': '閉じる', 'current match': '現在の一致', 'replaced match on line $':
      '$ 行目の一致を置換しました', 'replaced $ matches': '$ 件を置換しました', 'on line': '行',
    'Go to line': '行へ移動', 'go': '移動', 'Diagnostics': '診断', 'No diagnostics': '診断はありません',
    'Selection deleted': '選択範囲を削除しました', 'Control character': '制御文字',
  },
};

// Token colours as the page's custom properties, so style.css decides them for light and dark.
const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--code-key)' },
  { tag: [tags.string, tags.special(tags.string), tags.content], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.keyword], color: 'var(--code-literal)' },
  { tag: [tags.comment, tags.lineComment, tags.meta], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace, tags.operator], color: 'var(--muted)' },
  { tag: [tags.labelName, tags.typeName, tags.tagName], color: 'var(--code-literal)' },
  { tag: tags.invalid, color: 'var(--error)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', color: 'var(--fg)', backgroundColor: 'var(--bg)', fontSize: '13px' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-2px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace', lineHeight: '20px' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--panel)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine': { backgroundColor: 'var(--code-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--code-active)', color: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: 'var(--code-selection)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--code-match)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--code-match)', outline: '1px solid var(--muted)' },
  '&.cm-focused .cm-nonmatchingBracket': { color: 'var(--error)' },
  '.cm-lintRange-error': {
    backgroundImage: 'none', textDecoration: 'underline wavy var(--error)', textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--line)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--error)' },
  '.cm-diagnostic': { whiteSpace: 'pre-wrap', maxWidth: '40em' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--fg)' },
  // CodeMirror's own button and field styles assume a light page; these follow the page's colours instead.
  '.cm-button, .cm-textfield': {
    color: 'var(--fg)', backgroundColor: 'var(--bg)', backgroundImage: 'none', border: '1px solid var(--line)',
  },
  '.cm-button:focus-visible, .cm-textfield:focus-visible': { outline: '2px solid var(--accent)' },
  '.cm-searchMatch': { backgroundColor: 'var(--code-match)', outline: '1px solid var(--accent)' },
});

/** Enter keeps a YAML line's indentation, one level deeper after `key:`, and under a list item's first field
 * (`- name: x`), two deeper when that field opens a block. Other cases go to the YAML language's own rules. */
const yamlEnter = indentService.of((cx, pos) => {
  if (cx.options.simulateBreak !== pos) return undefined;
  const text = cx.lineAt(pos, -1).text;
  const own = text.length - text.trimStart().length;
  const rest = text.trim();
  const opens = rest.endsWith(':') && !rest.startsWith('#');
  if (rest.startsWith('- ')) return own + 2 + (opens ? 2 : 0);
  return opens ? own + 2 : own;
});

/** How deep a text may nest (brackets, or indentation in spaces) before the editor stops colouring it. The YAML
 * grammar builds its tree recursively and overflows the stack at a few thousand levels; kplay refuses anything past
 * serde_yaml's 128 levels anyway. */
const DEEPEST = 200;
const DEEPEST_INDENT = 2000;

/** Whether `doc` nests deeper than the colouring can take. */
function tooDeep(doc) {
  let depth = 0;
  for (const iter = doc.iterLines(); !iter.next().done;) {
    const line = iter.value;
    let i = 0;
    while (i < line.length && line.charCodeAt(i) === 32) i++;
    if (i > DEEPEST_INDENT) return true;
    for (; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === 91 || c === 123) {
        if (++depth > DEEPEST) return true;
      } else if ((c === 93 || c === 125) && depth > 0) {
        depth--;
      }
    }
  }
  return false;
}

/** The document range a diagnostic marks: the word at its 1-based line and column (counted in characters, as the
 * engine counts them), or the whole line when it points at no word. */
function range(doc, d) {
  const line = doc.line(Math.min(Math.max(d.line, 1), doc.lines));
  const chars = Array.from(line.text);
  const before = chars.slice(0, Math.max(d.column - 1, 0)).join('').length;
  const word = /^[^\s:]+/.exec(line.text.slice(before));
  return word ? { from: line.from + before, to: line.from + before + word[0].length } : { from: line.from, to: line.to };
}

/** Typed characters go in as CodeMirror transactions rather than by the browser's own editing, which, typing over a
 * selection of coloured text, writes a style attribute to keep the colour; the page's Content-Security-Policy refuses
 * that (style-src 'self') and says so in the console. Input handlers (closing brackets) still see the text first;
 * compositions (IMEs) and everything else stay the browser's. */
function typeText(event, view) {
  if (event.inputType !== 'insertText' || event.data == null || view.composing || view.state.readOnly) return false;
  event.preventDefault();
  const { from, to } = view.state.selection.main;
  const insert = () => view.state.update(view.state.replaceSelection(event.data), {
    userEvent: 'input.type', scrollIntoView: true,
  });
  if (!view.state.facet(EditorView.inputHandler).some((handler) => handler(view, from, to, event.data, insert))) {
    view.dispatch(insert());
  }
  return true;
}

class Editor {
  /** `host` gets a shadow root holding the editor; `onChange(text, composing)` follows every change of the text,
   * `onApply()` asks for the file to be applied now (Ctrl/Cmd+Enter). */
  constructor(host, text, label, testid, lang, onChange, onApply) {
    this.language = new Compartment();
    this.attributes = new Compartment();
    this.editing = new Compartment();
    // YAML colouring, left out while the text nests too deep for it (see DEEPEST).
    const syntax = new Compartment();
    const colouring = (doc) => (tooDeep(doc) ? [] : yaml());
    const plain = (state) => Array.isArray(syntax.get(state));
    this.silent = false;
    this.destroyed = false;
    const attributes = (invalid) => EditorView.contentAttributes.of({
      'data-testid': testid, 'aria-label': label, 'aria-invalid': String(invalid),
      // A scrollable region must hold something focusable, and checkers do not count contenteditable.
      tabindex: '0',
    });
    this.attributesFor = attributes;
    const root = host.shadowRoot || host.attachShadow({ mode: 'open' });
    root.replaceChildren();
    // The page hears of a change after CodeMirror's update is over, so whatever it does in answer (its reducer runs
    // at once and its effects may touch this editor) can update the editor again.
    // Ctrl/Cmd+Enter reports a change not yet reported before it asks for the apply.
    let unreported = false;
    const report = () => {
      if (!unreported || this.destroyed) return;
      unreported = false;
      onChange(this.view.state.doc.toString(), this.view.composing);
    };
    const changed = () => {
      if (this.silent) return;
      unreported = true;
      queueMicrotask(report);
    };
    this.view = new EditorView({
      root,
      parent: root,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          dropCursor(),
          EditorState.allowMultipleSelections.of(true),
          indentOnInput(),
          indentUnit.of('  '),
          EditorState.tabSize.of(2),
          syntaxHighlighting(highlight),
          bracketMatching(),
          closeBrackets(),
          rectangularSelection(),
          crosshairCursor(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          lintGutter(),
          syntax.of(colouring(Text.of(text.split(/\r\n?|\n/)))),
          // Decided in the same transaction as the change, before the grammar would parse the new text.
          EditorState.transactionExtender.of((tr) => {
            if (!tr.docChanged) return null;
            const deep = tooDeep(tr.newDoc);
            return deep === plain(tr.startState) ? null : { effects: syntax.reconfigure(deep ? [] : yaml()) };
          }),
          yamlEnter,
          theme,
          this.language.of(EditorState.phrases.of(PHRASES[lang] || {})),
          this.editing.of([]),
          keymap.of([
            { key: 'Mod-Enter', run: () => { report(); onApply(); return true; }, preventDefault: true },
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...searchKeymap,
            ...historyKeymap,
            indentWithTab,
          ]),
          this.attributes.of(attributes(false)),
          EditorView.updateListener.of((update) => { if (update.docChanged) changed(); }),
          // The last change of an IME composition can arrive while it is still composing; its end says it is done.
          EditorView.domEventHandlers({ compositionend: () => { setTimeout(changed); }, beforeinput: typeText }),
        ],
      }),
    });
  }

  /** Replaces the whole text when it differs from what the editor holds (a reset, a restored file). */
  setText(text) {
    const doc = this.view.state.doc;
    if (doc.length === text.length && doc.toString() === text) return;
    this.silent = true;
    try {
      this.view.dispatch({ changes: { from: 0, to: doc.length, insert: text } });
    } finally {
      this.silent = false;
    }
  }

  /** The engine's problems, as a JSON array of {line, column, detail, hint}: underlines and gutter markers. */
  setDiagnostics(json) {
    const doc = this.view.state.doc;
    const list = JSON.parse(json).map((d) => ({
      ...range(doc, d),
      severity: 'error',
      message: d.hint ? `${d.detail}\n${d.hint}` : d.detail,
    }));
    this.view.dispatch(setDiagnostics(this.view.state, list));
    this.view.dispatch({ effects: this.attributes.reconfigure(this.attributesFor(list.length > 0)) });
  }

  /** Selects [from, to) (UTF-16 offsets), scrolls it to the middle and focuses the editor. */
  select(from, to) {
    const length = this.view.state.doc.length;
    this.view.dispatch({
      selection: { anchor: Math.min(from, length), head: Math.min(to, length) },
      effects: EditorView.scrollIntoView(Math.min(from, length), { y: 'center' }),
    });
    this.view.focus();
  }

  /** Shown but not editable: an embed's read-only editors. */
  setReadOnly(readOnly) {
    this.view.dispatch({
      effects: this.editing.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
    });
  }

  setLang(lang) {
    this.view.dispatch({ effects: this.language.reconfigure(EditorState.phrases.of(PHRASES[lang] || {})) });
  }

  /** The text as the learner sees it. */
  text() {
    return this.view.state.doc.toString();
  }

  /** The selected text. */
  selected() {
    const { from, to } = this.view.state.selection.main;
    return this.view.state.sliceDoc(from, to);
  }

  /** Replaces [from, to) (UTF-16 offsets; the whole text when not given) as a paste would: one undoable change that
   * the page hears about. For tests and benchmarks, which would otherwise type megabytes key by key. */
  paste(text, from = 0, to = this.view.state.doc.length) {
    this.view.dispatch({ changes: { from, to, insert: text }, userEvent: 'input.paste' });
  }

  destroy() {
    this.destroyed = true;
    this.view.destroy();
  }
}

/** The editor whose text area is `element` (or inside it), for tests and benchmarks. */
function find(element) {
  const host = element.closest('.cm-host') || element.getRootNode().host;
  return host && host.kplayEditor;
}

globalThis.kplayEditor = {
  create(host, text, label, testid, lang, onChange, onApply) {
    const editor = new Editor(host, text, label, testid, lang, onChange, onApply);
    host.kplayEditor = editor;
    return editor;
  },
  find,
};
// The page may have started before this script ran (it loads beside the wasm, not before it).
dispatchEvent(new Event('kplay-editor-ready'));
