/**
 * @module CodeEditor — CodeMirror 6 for the lab page. Loaded with a dynamic import() so the
 * course, lesson and quiz pages never download CodeMirror.
 *
 * One EditorView; one EditorState per file, kept when the learner switches tabs so each file
 * keeps its own undo history and selection. A new `version` for a path (after "Reset file")
 * starts that file afresh. Mod-S saves, Mod-Enter saves and checks; Tab indents (Esc then Tab
 * moves focus out of the editor, as CodeMirror documents; Ctrl-M toggles Tab focus mode).
 */
import { indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { indentUnit } from '@codemirror/language';
import { EditorState, type Extension, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px', backgroundColor: '#ffffff' },
  '&.cm-focused': { outline: '3px solid #1f5fae', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: '#f3f4f6', color: '#5b6169', borderRight: '1px solid #d6d9de' },
  '.cm-activeLineGutter': { backgroundColor: '#e3e8ef', color: '#1d1f21' },
  '.cm-activeLine': { backgroundColor: '#f4f7fb' },
});

/** The per-response style nonce the server put in index.html (its CSP allows only that). */
const styleNonce = document.querySelector('meta[name="pysec-style-nonce"]')?.getAttribute('content') ?? '';

function common(label: string): Extension[] {
  return [
    EditorView.cspNonce.of(styleNonce),
    basicSetup,
    python(),
    indentUnit.of('    '),
    EditorState.tabSize.of(4),
    theme,
    EditorView.contentAttributes.of({ 'aria-label': label }),
  ];
}

export interface CodeEditorProps {
  path: string;
  /** The text to start from when this path (at this version) has no editor state yet. */
  initial: string;
  /** Bumped by the page when the file's content was replaced from outside (reset). */
  version: number;
  onChange: (path: string, content: string) => void;
  onSave: () => void;
  onRun: () => void;
}

export default function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const states = useRef(new Map<string, { state: EditorState; version: number }>());
  const current = useRef<{ path: string; version: number } | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(
    () => () => {
      if (view.current && current.current)
        states.current.set(current.current.path, { state: view.current.state, version: current.current.version });
      view.current?.destroy();
      view.current = null;
      current.current = null;
    },
    [],
  );

  const { path, version } = props;
  useEffect(() => {
    const make = (doc: string) =>
      EditorState.create({
        doc,
        extensions: [
          Prec.highest(
            keymap.of([
              {
                key: 'Mod-s',
                preventDefault: true,
                run: () => {
                  latest.current.onSave();
                  return true;
                },
              },
              {
                key: 'Mod-Enter',
                preventDefault: true,
                run: () => {
                  latest.current.onRun();
                  return true;
                },
              },
            ]),
          ),
          keymap.of([indentWithTab]),
          ...common(`Code editor: ${path}`),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(path, update.state.doc.toString());
          }),
        ],
      });

    const was = current.current;
    if (was && was.path === path && was.version === version) return;
    const kept = states.current.get(path);
    const state = was?.path !== path && kept && kept.version === version ? kept.state : make(latest.current.initial);
    if (!view.current) {
      if (!host.current) return;
      view.current = new EditorView({ state, parent: host.current });
    } else {
      if (was && was.path !== path) states.current.set(was.path, { state: view.current.state, version: was.version });
      view.current.setState(state);
    }
    current.current = { path, version };
  }, [path, version]);

  return <div className="editor-host" ref={host} data-testid="editor" data-path={path} />;
}

/** A read-only view of a file (the solution). */
export function CodeViewer({ content, label }: { content: string; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      state: EditorState.create({ doc: content, extensions: [...common(label), EditorState.readOnly.of(true)] }),
      parent: host.current,
    });
    return () => view.destroy();
  }, [content, label]);
  return <div className="viewer-host" ref={host} />;
}
