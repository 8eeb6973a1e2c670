/**
 * @module LabPage — the task beside the editor; save, reset, check (streamed progress, then
 * the verdict), hints and the solution. The learner's files live on the server: every save
 * goes there, so edits survive a reload; unsaved edits are marked • and guarded on leave.
 */
import { lazy, type KeyboardEvent as ReactKeyboardEvent, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CheckEvent, LabDetail, LabStep, Verdict, WorkspaceFile } from '../api-types.ts';
import { ErrorMessage, errorText, KindBadge, Loading, PageHeading, Stars, StatusBadge } from '../components/common.tsx';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { HintsPanel } from '../components/HintsPanel.tsx';
import { ServerHtml } from '../components/ServerHtml.tsx';
import { SolutionPanel } from '../components/SolutionPanel.tsx';
import { VerdictView } from '../components/VerdictView.tsx';
import { ApiError, api, followCheck, isAbort } from '../lib/api.ts';
import { Link, paths, setLeaveGuard } from '../lib/router.tsx';
import { useResource } from '../lib/use-resource.ts';

const CodeEditor = lazy(() => import('../editor/CodeEditor.tsx'));

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
const MOD = IS_MAC ? '⌘' : 'Ctrl+';

interface FileEntry {
  path: string;
  /** The content the server has (as far as we know). */
  saved: string;
  /** The server's file differs from the lab's original. */
  modified: boolean;
  /** Bumped when the content is replaced from outside the editor (reset). */
  version: number;
  /** The editor's content differs from `saved`. */
  dirty: boolean;
  saving: boolean;
  error?: string;
}

type CheckProgress =
  | { phase: 'idle' }
  | { phase: 'saving' }
  | { phase: 'starting' }
  | { phase: 'queued'; position: number }
  | { phase: 'running'; steps: Record<string, string> }
  | { phase: 'done'; passed: boolean; failing: number; labPassed: boolean }
  | { phase: 'failed'; title: string; message: string; hint?: string; code?: string };

const PHASE_TEXT: Record<string, string> = {
  'judge-started': 'judge started',
  'target-started': 'your program started',
  'exploit-started': 'running your exploit',
};

function cweList(cwe: LabDetail['cwe']): string[] {
  return (Array.isArray(cwe) ? cwe : [cwe]).filter((c) => typeof c === 'string' && c);
}

function cweUrl(cwe: string): string | undefined {
  const m = /^CWE-(\d+)$/.exec(cwe);
  return m ? `https://cwe.mitre.org/data/definitions/${m[1]}.html` : undefined;
}

function orderFiles(labFiles: string[], files: WorkspaceFile[]): WorkspaceFile[] {
  const rank = new Map(labFiles.map((p, i) => [p, i]));
  return [...files].sort((a, b) => (rank.get(a.path) ?? 1e6) - (rank.get(b.path) ?? 1e6) || a.path.localeCompare(b.path));
}

function failingChecks(verdict: Verdict): number {
  return verdict.steps.reduce((n, s) => n + s.checks.filter((c) => !c.passed).length + (s.error ? 1 : 0), 0);
}

// ---------------------------------------------------------------- file tabs

function FileTabs({ files, active, onSelect }: { files: FileEntry[]; active: string; onSelect: (path: string) => void }) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const onKeyDown = (event: ReactKeyboardEvent, index: number) => {
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % files.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + files.length) % files.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = files.length - 1;
    if (next < 0) return;
    event.preventDefault();
    const path = files[next]?.path;
    if (path === undefined) return;
    onSelect(path);
    refs.current.get(path)?.focus();
  };
  return (
    <div className="file-tabs" role="tablist" aria-label="Files you edit">
      {files.map((f, i) => {
        const selected = f.path === active;
        return (
          <button
            key={f.path}
            ref={(el) => {
              if (el) refs.current.set(f.path, el);
              else refs.current.delete(f.path);
            }}
            type="button"
            role="tab"
            id={`tab-${f.path}`}
            aria-selected={selected}
            aria-controls="editor-panel"
            tabIndex={selected ? 0 : -1}
            className={`file-tab${selected ? ' is-active' : ''}${f.dirty ? ' is-dirty' : ''}`}
            onClick={() => onSelect(f.path)}
            onKeyDown={(e) => onKeyDown(e, i)}
            data-testid={`file-tab-${f.path}`}
            data-dirty={String(f.dirty)}
            data-modified={String(f.modified)}
          >
            <span className="file-tab-path">{f.path}</span>
            {f.dirty && (
              <>
                <span className="dirty-mark" aria-hidden="true" title="Unsaved changes">
                  {' •'}
                </span>
                <span className="visually-hidden"> (unsaved changes)</span>
              </>
            )}
          </button>
        );
      })}
    </div>
  );
}

// ---------------------------------------------------------------- steps

function StepsPanel({
  steps,
  passed,
  busy,
  onOpenFile,
  onCheckStep,
}: {
  steps: LabStep[];
  passed: string[];
  busy: boolean;
  onOpenFile: (path: string) => void;
  onCheckStep: (step: string) => void;
}) {
  return (
    <section className="card steps" aria-labelledby="steps-heading" data-testid="steps">
      <h2 id="steps-heading">Steps</h2>
      <ol className="step-list">
        {steps.map((step, i) => {
          const done = passed.includes(step.id);
          return (
            <li key={step.id} className={done ? 'is-pass' : ''} data-testid={`lab-step-${step.id}`} data-passed={String(done)}>
              <div className="step-line">
                <span className="step-kind">
                  Step {i + 1} · {step.kind === 'exploit' ? 'exploit' : 'fix'}
                </span>
                <span className={`step-state ${done ? 'ok' : ''}`}>{done ? '✔ passed' : 'not passed yet'}</span>
              </div>
              <p className="step-title">{step.title}</p>
              <p className="step-files">
                <span className="muted">{step.files.length === 1 ? 'File: ' : 'Files: '}</span>
                {step.files.map((f) => (
                  <button key={f} type="button" className="link-button mono" onClick={() => onOpenFile(f)}>
                    {f}
                  </button>
                ))}
              </p>
              {steps.length > 1 && (
                <button
                  type="button"
                  className="button small"
                  disabled={busy}
                  onClick={() => onCheckStep(step.id)}
                  data-testid={`run-check-${step.id}`}
                >
                  Check this step only
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

// ---------------------------------------------------------------- check status

function statusText(progress: CheckProgress, steps: LabStep[]): string {
  switch (progress.phase) {
    case 'idle':
      return '';
    case 'saving':
      return 'Saving your files…';
    case 'starting':
      return 'Starting the check…';
    case 'queued':
      // Position 1 is next to start; 0 means it started at once.
      return progress.position > 0 ? `Queued (position ${progress.position})…` : 'Starting…';
    case 'running': {
      const parts = Object.entries(progress.steps).map(([id, phase]) => {
        const n = steps.findIndex((s) => s.id === id);
        return `step ${n >= 0 ? n + 1 : id}: ${PHASE_TEXT[phase] ?? phase}`;
      });
      return parts.length ? `Running… ${parts.join('; ')}` : 'Running…';
    }
    case 'done':
      return progress.passed
        ? `Check finished: all checks pass.${progress.labPassed ? ' Lab passed!' : ''}`
        : `Check finished: ${progress.failing} ${progress.failing === 1 ? 'problem' : 'problems'} to fix.`;
    case 'failed':
      return sameText(progress.title, progress.message) ? progress.message : `${progress.title}: ${progress.message}`;
  }
}

function sameText(a: string, b: string): boolean {
  const norm = (t: string) =>
    t
      .trim()
      .replace(/[.!]+$/, '')
      .toLowerCase();
  return norm(a) === norm(b);
}

function CheckStatus({ progress, steps }: { progress: CheckProgress; steps: LabStep[] }) {
  const busy = progress.phase === 'saving' || progress.phase === 'starting' || progress.phase === 'queued' || progress.phase === 'running';
  return (
    <div className="check-status-wrap">
      <div
        className={`check-status phase-${progress.phase}`}
        role="status"
        aria-live="polite"
        data-testid="check-status"
        data-state={progress.phase}
      >
        {busy && <span className="spinner" aria-hidden="true" />}
        <span>{statusText(progress, steps)}</span>
      </div>
      {progress.phase === 'failed' && (
        <div className="notice notice-error" data-testid="check-error">
          <p className="notice-title">{progress.title}</p>
          {!sameText(progress.title, progress.message) && <p className="pre-wrap">{progress.message}</p>}
          {progress.hint && <p className="hint-line">{progress.hint}</p>}
          {progress.code && <p className="muted small">Code: {progress.code}</p>}
        </div>
      )}
    </div>
  );
}

// ---------------------------------------------------------------- the workspace

function LabWorkspace({ initialLab, initialFiles }: { initialLab: LabDetail; initialFiles: WorkspaceFile[] }) {
  const [lab, setLab] = useState(initialLab);
  const [files, setFilesState] = useState<FileEntry[]>(() =>
    orderFiles(initialLab.files, initialFiles).map((f) => ({
      path: f.path,
      saved: f.content,
      modified: f.modified,
      version: 0,
      dirty: false,
      saving: false,
    })),
  );
  const filesRef = useRef(files);
  const contents = useRef(new Map(initialFiles.map((f) => [f.path, f.content])));
  const [active, setActive] = useState(() => files[0]?.path ?? '');
  const [progress, setProgress] = useState<CheckProgress>({ phase: 'idle' });
  const [verdict, setVerdict] = useState<{ verdict: Verdict; stale: boolean } | undefined>(
    initialLab.lastVerdict ? { verdict: initialLab.lastVerdict, stale: true } : undefined,
  );
  const [justPassed, setJustPassed] = useState(false);
  const [resetError, setResetError] = useState<string | undefined>(undefined);
  const saveChain = useRef(new Map<string, Promise<boolean>>());
  const checkAbort = useRef<AbortController | null>(null);
  const busyRef = useRef(false);

  const setFiles = useCallback((update: (prev: FileEntry[]) => FileEntry[]) => {
    filesRef.current = update(filesRef.current);
    setFilesState(filesRef.current);
  }, []);
  const patch = useCallback(
    (path: string, change: (f: FileEntry) => Partial<FileEntry>) =>
      setFiles((prev) => prev.map((f) => (f.path === path ? { ...f, ...change(f) } : f))),
    [setFiles],
  );

  const onChange = useCallback(
    (path: string, content: string) => {
      contents.current.set(path, content);
      const entry = filesRef.current.find((f) => f.path === path);
      if (entry && entry.dirty !== (content !== entry.saved)) patch(path, (f) => ({ dirty: content !== f.saved }));
    },
    [patch],
  );

  const saveFile = useCallback(
    (path: string): Promise<boolean> => {
      const previous = saveChain.current.get(path) ?? Promise.resolve(true);
      const next = previous.then(async () => {
        const entry = filesRef.current.find((f) => f.path === path);
        const content = contents.current.get(path);
        if (!entry || content === undefined) return true;
        if (content === entry.saved) {
          if (entry.error) patch(path, () => ({ error: undefined }));
          return true;
        }
        patch(path, () => ({ saving: true, error: undefined }));
        try {
          const res = await api.save(lab.id, path, content);
          patch(path, () => ({ saving: false, saved: content, modified: res.modified, dirty: contents.current.get(path) !== content }));
          return true;
        } catch (err) {
          const message =
            err instanceof ApiError && err.status === 413
              ? `${path} is larger than 256 KiB and was not saved.`
              : `${path} was not saved: ${errorText(err).message}`;
          patch(path, () => ({ saving: false, error: message }));
          return false;
        }
      });
      saveChain.current.set(path, next);
      return next;
    },
    [lab.id, patch],
  );

  const saveAll = useCallback(async () => {
    const results = await Promise.all(filesRef.current.map((f) => saveFile(f.path)));
    return results.every(Boolean);
  }, [saveFile]);

  const activeRef = useRef(active);
  activeRef.current = active;
  const saveActive = useCallback(() => {
    void saveFile(activeRef.current);
  }, [saveFile]);

  const refreshLab = useCallback(async () => {
    try {
      const fresh = await api.lab(lab.id);
      setLab(fresh);
    } catch {
      // the verdict is shown already; the status badge catches up on the next load
    }
  }, [lab.id]);

  const runCheck = useCallback(
    async (step?: string) => {
      if (busyRef.current) return;
      busyRef.current = true;
      setJustPassed(false);
      try {
        setProgress({ phase: 'saving' });
        if (!(await saveAll())) {
          setProgress({
            phase: 'failed',
            title: 'No check was started',
            message: 'A file could not be saved (see the message under the editor). The check would not see your latest code.',
          });
          return;
        }
        setProgress({ phase: 'starting' });
        // The verdict on screen would describe code that is no longer what is being checked.
        setVerdict(undefined);
        let created: { checkId: string; position: number };
        try {
          created = await api.startCheck(lab.id, step);
        } catch (err) {
          const { message, hint, code } = errorText(err);
          const queueFull = err instanceof ApiError && (err.status === 503 || err.code === 'PYSEC_ERR_QUEUE_FULL');
          setProgress({
            phase: 'failed',
            title: queueFull && err.code === 'PYSEC_ERR_QUEUE_FULL' ? 'The check queue is full' : 'The check could not start',
            message,
            ...(hint ? { hint } : queueFull ? { hint: 'Try again in a few seconds.' } : {}),
            ...(code ? { code } : {}),
          });
          return;
        }
        setProgress({ phase: 'queued', position: created.position });
        checkAbort.current?.abort();
        const controller = new AbortController();
        checkAbort.current = controller;
        const onEvent = (event: CheckEvent) => {
          if (event.type === 'queued') setProgress({ phase: 'queued', position: event.position });
          else if (event.type === 'started') setProgress((p) => (p.phase === 'running' ? p : { phase: 'running', steps: {} }));
          else if (event.type === 'step')
            setProgress((p) => ({ phase: 'running', steps: { ...(p.phase === 'running' ? p.steps : {}), [event.step]: event.phase } }));
        };
        let final: CheckEvent;
        try {
          final = await followCheck(String(created.checkId), onEvent, controller.signal);
        } catch (err) {
          if (isAbort(err)) return;
          const { message, hint, code } = errorText(err);
          setProgress({ phase: 'failed', title: 'Lost track of the check', message, ...(hint ? { hint } : {}), ...(code ? { code } : {}) });
          return;
        }
        if (final.type === 'verdict') {
          setVerdict({ verdict: final.verdict, stale: false });
          setProgress({ phase: 'done', passed: final.verdict.passed, failing: failingChecks(final.verdict), labPassed: final.labPassed });
          if (final.labPassed) setJustPassed(true);
          void refreshLab();
        } else if (final.type === 'error') {
          setProgress({
            phase: 'failed',
            title: 'The check could not run',
            message: final.message,
            code: final.code,
            ...(final.hint ? { hint: final.hint } : {}),
          });
        }
      } finally {
        busyRef.current = false;
      }
    },
    [lab.id, saveAll, refreshLab],
  );

  const runAll = useCallback(() => {
    void runCheck();
  }, [runCheck]);

  // Shortcuts outside the editor (inside it, CodeMirror's keymap handles them first).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !(IS_MAC ? event.metaKey : event.ctrlKey)) return;
      if (event.key === 's' || event.key === 'S') {
        event.preventDefault();
        saveActive();
      } else if (event.key === 'Enter') {
        event.preventDefault();
        runAll();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [saveActive, runAll]);

  // Unsaved work: ask before the tab closes or reloads, and before in-app navigation.
  const dirtyPaths = files.filter((f) => f.dirty).map((f) => f.path);
  const anyDirty = dirtyPaths.length > 0;
  useEffect(() => {
    if (!anyDirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [anyDirty]);
  useEffect(
    () =>
      setLeaveGuard(() => {
        const unsaved = filesRef.current.filter((f) => f.dirty).map((f) => f.path);
        return unsaved.length ? `You have unsaved changes in ${unsaved.join(', ')}. Leave this lab without saving them?` : null;
      }),
    [],
  );
  useEffect(() => () => checkAbort.current?.abort(), []);

  const resetFile = async (path: string) => {
    const question = `Reset ${path} to the lab's original version?\n\nYour current version is kept in the workspace's .pysec/backup/ folder${
      filesRef.current.find((f) => f.path === path)?.dirty ? ', but your unsaved changes are lost' : ''
    }.`;
    if (!window.confirm(question)) return;
    setResetError(undefined);
    try {
      const res = await api.reset(lab.id, path);
      const fresh = res.files.find((f) => f.path === path);
      for (const f of res.files) {
        if (f.path === path && fresh) {
          contents.current.set(path, fresh.content);
          patch(path, (e) => ({ saved: fresh.content, modified: fresh.modified, dirty: false, error: undefined, version: e.version + 1 }));
        } else {
          patch(f.path, () => ({ modified: f.modified }));
        }
      }
    } catch (err) {
      setResetError(`${path} was not reset: ${errorText(err).message}`);
    }
  };

  const activeFile = files.find((f) => f.path === active);
  const busy = progress.phase === 'saving' || progress.phase === 'starting' || progress.phase === 'queued' || progress.phase === 'running';
  const stepNumbers = useMemo(() => Object.fromEntries(lab.steps.map((s, i) => [s.id, i + 1])), [lab.steps]);
  const passed = lab.status === 'passed';
  const cwes = cweList(lab.cwe);

  return (
    <div className="lab" data-testid="lab" data-lab={lab.id} data-status={lab.status}>
      <header className="lab-header">
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          <Link to={paths.course()}>Course</Link>
          <span> / </span>
          <span>{lab.module}</span>
        </nav>
        <PageHeading title={lab.title} testId="lab-title">
          {lab.title}
        </PageHeading>
        <p className="lab-meta">
          <StatusBadge status={lab.status} testId="lab-status" />
          <KindBadge kind={lab.kind} />
          <Stars difficulty={lab.difficulty} />
          {cwes.map((c) => {
            const url = cweUrl(c);
            return url ? (
              <a key={c} className="badge cwe" href={url} target="_blank" rel="noreferrer noopener">
                {c}
                <span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            ) : (
              <span key={c} className="badge cwe">
                {c}
              </span>
            );
          })}
        </p>
        <p className="lab-summary">{lab.summary}</p>
      </header>

      <div className="lab-layout">
        <section className="lab-task card" aria-labelledby="task-heading">
          <h2 id="task-heading" className="visually-hidden">
            Task
          </h2>
          <ServerHtml html={lab.taskHtml} title={lab.title} className="task" testId="task" />
        </section>

        <section className="lab-main" aria-label="Your code and the check">
          <div className="editor-panel card">
            <div className="editor-bar">
              <FileTabs files={files} active={active} onSelect={setActive} />
              <div className="toolbar">
                <button
                  type="button"
                  className="button"
                  onClick={saveActive}
                  disabled={!activeFile?.dirty || activeFile.saving}
                  data-testid="save"
                  aria-keyshortcuts={IS_MAC ? 'Meta+S' : 'Control+S'}
                >
                  Save <kbd>{MOD}S</kbd>
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => void resetFile(active)}
                  disabled={!activeFile}
                  data-testid="reset-file"
                >
                  Reset file
                </button>
                <button
                  type="button"
                  className="button primary"
                  onClick={runAll}
                  disabled={busy}
                  data-testid="run-check"
                  aria-keyshortcuts={IS_MAC ? 'Meta+Enter' : 'Control+Enter'}
                >
                  {busy ? 'Checking…' : 'Run check'} <kbd>{MOD}Enter</kbd>
                </button>
              </div>
            </div>
            <div id="editor-panel" role="tabpanel" aria-labelledby={`tab-${active}`} className="editor-frame">
              {activeFile ? (
                <ErrorBoundary fallback={<p className="notice notice-error">The editor could not load. Reload the page to try again.</p>}>
                  <Suspense fallback={<Loading what="the editor" />}>
                    <CodeEditor
                      path={activeFile.path}
                      version={activeFile.version}
                      initial={contents.current.get(activeFile.path) ?? activeFile.saved}
                      onChange={onChange}
                      onSave={saveActive}
                      onRun={runAll}
                    />
                  </Suspense>
                </ErrorBoundary>
              ) : (
                <p className="muted">This lab has no files to edit.</p>
              )}
            </div>
            <div className="editor-foot">
              <p className="save-status" data-testid="save-status" aria-live="polite">
                {activeFile?.error ? (
                  <span className="form-error">{activeFile.error}</span>
                ) : activeFile?.saving ? (
                  'Saving…'
                ) : activeFile?.dirty ? (
                  'Unsaved changes'
                ) : activeFile ? (
                  `Saved${activeFile.modified ? '' : ' (the lab’s original version)'}`
                ) : null}
                {anyDirty && dirtyPaths.some((p) => p !== active) && (
                  <span className="muted"> · also unsaved: {dirtyPaths.filter((p) => p !== active).join(', ')}</span>
                )}
              </p>
              {resetError && <p className="form-error">{resetError}</p>}
              <p className="muted small keys-help">
                {MOD}S saves · {MOD}Enter saves all and checks · Tab indents; Esc then Tab leaves the editor
              </p>
            </div>
          </div>

          <CheckStatus progress={progress} steps={lab.steps} />
          {justPassed && (
            <div className="notice notice-ok" data-testid="lab-passed">
              <p className="notice-title">✔ Lab passed</p>
              <p>Well done. Compare your fix with the reference solution below: it also explains fixes that look right and are not.</p>
            </div>
          )}
          {verdict && <VerdictView verdict={verdict.verdict} lab={lab.id} stale={verdict.stale} stepNumbers={stepNumbers} />}
        </section>

        <div className="lab-extras">
          <StepsPanel
            steps={lab.steps}
            passed={lab.stepsPassed}
            busy={busy}
            onOpenFile={(f) => {
              if (files.some((x) => x.path === f)) setActive(f);
            }}
            onCheckStep={(s) => void runCheck(s)}
          />
          <HintsPanel lab={lab.id} initialHints={lab.hints} initialTotal={lab.hintsTotal} />
          <SolutionPanel lab={lab.id} passed={passed} />
        </div>
      </div>
    </div>
  );
}

export function LabPage({ lab }: { lab: string }) {
  const data = useResource(
    async (signal) => {
      const [detail, files] = await Promise.all([api.lab(lab, signal), api.files(lab, signal)]);
      return { detail, files: files.files };
    },
    [lab],
  );
  if (data.error) return <ErrorMessage error={data.error} retry={data.reload} title="The lab could not be loaded" />;
  if (!data.data) return <Loading what="the lab" />;
  return <LabWorkspace initialLab={data.data.detail} initialFiles={data.data.files} />;
}
