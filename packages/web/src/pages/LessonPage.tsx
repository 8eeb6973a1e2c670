/** @module LessonPage — a module's lesson (server-rendered Markdown), then its quiz and labs. */
import { ErrorMessage, Loading, PageHeading, StatusBadge } from '../components/common.tsx';
import { ServerHtml } from '../components/ServerHtml.tsx';
import { api } from '../lib/api.ts';
import { Link, paths } from '../lib/router.tsx';
import { useResource } from '../lib/use-resource.ts';

export function LessonPage({ module }: { module: string }) {
  const lesson = useResource((signal) => api.lesson(module, signal), [module]);
  const course = useResource((signal) => api.course(signal), []);
  const info = course.data?.modules.find((m) => m.id === module);

  if (lesson.error) return <ErrorMessage error={lesson.error} retry={lesson.reload} title="The lesson could not be loaded" />;
  if (!lesson.data) return <Loading what="the lesson" />;
  return (
    <article className="lesson narrow" data-testid="lesson">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to={paths.course()}>Course</Link>
        {info && <span> / {info.title}</span>}
      </nav>
      <PageHeading title={lesson.data.title}>{lesson.data.title}</PageHeading>
      <ServerHtml html={lesson.data.html} title={lesson.data.title} testId="lesson-content" />
      {info && (info.hasQuiz || info.labs.length > 0) && (
        <aside className="card next-steps" aria-labelledby="next-steps">
          <h2 id="next-steps">Next</h2>
          <ul>
            {info.hasQuiz && (
              <li>
                <Link to={paths.quiz(module)}>Quiz: check what you read</Link>
              </li>
            )}
            {info.labs.map((lab) => (
              <li key={lab.id}>
                <Link to={paths.lab(lab.id)}>Lab: {lab.title}</Link> <StatusBadge status={lab.status} />
              </li>
            ))}
          </ul>
        </aside>
      )}
    </article>
  );
}
