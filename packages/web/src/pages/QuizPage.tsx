/** @module QuizPage — every question of a module's quiz; each is answered and graded on the server. */
import { type FormEvent, useState } from 'react';
import type { QuizAnswer, QuizQuestion } from '../api-types.ts';
import { ErrorMessage, errorText, Loading, PageHeading } from '../components/common.tsx';
import { api } from '../lib/api.ts';
import { Link, paths } from '../lib/router.tsx';
import { useResource } from '../lib/use-resource.ts';

const KIND_LABEL: Record<string, string> = {
  choice: 'Choose one',
  'spot-the-bug': 'Spot the bug',
  output: 'What does it print?',
};

function NumberedCode({ code }: { code: string }) {
  const lines = code.replace(/\n$/, '').split('\n');
  return (
    <pre className="code numbered">
      <code>
        {lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional and never reorder.
          <span className="code-line" key={i}>
            <span className="line-no" aria-hidden="true">
              {i + 1}
            </span>
            {line}
            {'\n'}
          </span>
        ))}
      </code>
    </pre>
  );
}

function Question({
  module,
  question,
  index,
  onGraded,
  rightBefore,
}: {
  module: string;
  question: QuizQuestion;
  index: number;
  onGraded: (id: string, correct: boolean | undefined) => void;
  /** The learner's latest earlier answer to this question was right. */
  rightBefore: boolean;
}) {
  const [choice, setChoice] = useState<number | undefined>(undefined);
  const [result, setResult] = useState<QuizAnswer | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const name = `q-${question.id}`;
  const legendId = `${name}-prompt`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (choice === undefined || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.answer(module, question.id, choice);
      setResult(answer);
      onGraded(question.id, answer.correct);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const retry = () => {
    setResult(undefined);
    setChoice(undefined);
    onGraded(question.id, undefined);
  };

  const mono = question.kind === 'output';
  return (
    <form
      className={`question card${result ? (result.correct ? ' is-correct' : ' is-wrong') : ''}`}
      onSubmit={submit}
      data-testid={`question-${question.id}`}
      data-kind={question.kind}
    >
      <fieldset disabled={busy || result !== undefined}>
        <legend id={legendId}>
          <span className="question-number">
            Question {index + 1} · {KIND_LABEL[question.kind] ?? question.kind}
          </span>
          <span className="question-prompt">{question.prompt}</span>
          {rightBefore && !result && (
            <span className="question-done" data-testid={`done-before-${question.id}`}>
              {' '}
              ✔ answered right before
            </span>
          )}
        </legend>
        {question.code && <NumberedCode code={question.code} />}
        <div className="options">
          {question.options.map((option, i) => {
            const isAnswer = result !== undefined && result.answer === i;
            const isWrongChoice = result !== undefined && !result.correct && choice === i;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: options are identified by their position (the answer is an index).
              <label key={i} className={`option${isAnswer ? ' option-answer' : ''}${isWrongChoice ? ' option-wrong' : ''}`}>
                <input
                  type="radio"
                  name={name}
                  value={i}
                  checked={choice === i}
                  onChange={() => setChoice(i)}
                  data-testid={`option-${question.id}-${i}`}
                />
                <span className={mono ? 'option-text mono' : 'option-text'}>{option}</span>
                {isAnswer && <span className="option-note"> — correct answer</span>}
                {isWrongChoice && <span className="option-note"> — your answer</span>}
              </label>
            );
          })}
        </div>
      </fieldset>
      {!result && (
        <button type="submit" className="button primary" disabled={choice === undefined || busy} data-testid={`submit-${question.id}`}>
          {busy ? 'Checking…' : 'Check answer'}
        </button>
      )}
      <div aria-live="polite">
        {result && (
          <div
            className={`notice ${result.correct ? 'notice-ok' : 'notice-error'}`}
            data-testid={`result-${question.id}`}
            data-correct={String(result.correct)}
          >
            <p className="notice-title">{result.correct ? '✔ Correct' : '✘ Not quite'}</p>
            <p className="pre-wrap">{result.explanation}</p>
          </div>
        )}
      </div>
      {error !== undefined && <p className="form-error">{errorText(error).message}</p>}
      {result && (
        <button type="button" className="button" onClick={retry}>
          Answer again
        </button>
      )}
    </form>
  );
}

export function QuizPage({ module }: { module: string }) {
  const quiz = useResource((signal) => api.quiz(module, signal), [module]);
  const [graded, setGraded] = useState<Record<string, boolean>>({});

  if (quiz.error) return <ErrorMessage error={quiz.error} retry={quiz.reload} title="The quiz could not be loaded" />;
  if (!quiz.data) return <Loading what="the quiz" />;
  const { title, questions, answeredCorrectly } = quiz.data;
  const answered = Object.keys(graded).length;
  const correct = Object.values(graded).filter(Boolean).length;
  const before = answeredCorrectly.filter((id) => questions.some((q) => q.id === id)).length;
  const onGraded = (id: string, ok: boolean | undefined) =>
    setGraded((g) => {
      const next = { ...g };
      if (ok === undefined) delete next[id];
      else next[id] = ok;
      return next;
    });

  return (
    <div className="quiz narrow" data-testid="quiz">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to={paths.course()}>Course</Link>
      </nav>
      <PageHeading title={title}>{title}</PageHeading>
      <p className="quiz-score" data-testid="quiz-score">
        {answered === 0
          ? `${questions.length} questions. Pick an answer and check it; each comes with an explanation.`
          : `${correct} of ${answered} answered correctly (${questions.length} questions).`}
        {answered === 0 && before > 0 && ` Earlier you answered ${before} of them right (marked below).`}
      </p>
      {questions.map((q, i) => (
        <Question key={q.id} module={module} question={q} index={i} onGraded={onGraded} rightBefore={answeredCorrectly.includes(q.id)} />
      ))}
      <p>
        <Link to={paths.course()}>Back to the course</Link>
      </p>
    </div>
  );
}
