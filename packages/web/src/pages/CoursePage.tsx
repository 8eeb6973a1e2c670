/** @module CoursePage — the modules in order, their lessons, quizzes and labs, and overall progress. */
import type { CourseLab, CourseModule } from '../api-types.ts';
import { ErrorMessage, KindBadge, Loading, PageHeading, ProgressBar, Stars, StatusBadge } from '../components/common.tsx';
import { api } from '../lib/api.ts';
import { Link, paths } from '../lib/router.tsx';
import { useResource } from '../lib/use-resource.ts';

function LabCard({ lab }: { lab: CourseLab }) {
  return (
    <li className={`lab-card status-${lab.status}`} data-testid={`lab-card-${lab.id}`} data-status={lab.status}>
      <div className="lab-card-head">
        <Link to={paths.lab(lab.id)} className="lab-card-title">
          {lab.title}
        </Link>
        <StatusBadge status={lab.status} />
      </div>
      <p className="lab-card-summary">{lab.summary}</p>
      <p className="lab-card-meta">
        <code className="lab-id">{lab.id}</code>
        <KindBadge kind={lab.kind} />
        <Stars difficulty={lab.difficulty} />
      </p>
    </li>
  );
}

function ModuleSection({ module }: { module: CourseModule }) {
  const headingId = `module-${module.id}`;
  return (
    <section className="module card" aria-labelledby={headingId} data-testid={`module-${module.id}`}>
      <h2 id={headingId} className="module-title">
        <span className="module-order" aria-hidden="true">
          {module.order}
        </span>
        {module.title}
      </h2>
      <p className="module-summary">{module.summary}</p>
      {(module.hasLesson || module.hasQuiz) && (
        <ul className="module-links">
          {module.hasLesson && (
            <li>
              <Link to={paths.lesson(module.id)} data-testid={`lesson-link-${module.id}`}>
                Lesson
              </Link>
            </li>
          )}
          {module.hasQuiz && (
            <li>
              <Link to={paths.quiz(module.id)} data-testid={`quiz-link-${module.id}`}>
                Quiz
              </Link>
            </li>
          )}
        </ul>
      )}
      {module.labs.length > 0 ? (
        <ul className="lab-list" aria-label={`Labs of ${module.title}`}>
          {module.labs.map((lab) => (
            <LabCard key={lab.id} lab={lab} />
          ))}
        </ul>
      ) : (
        <p className="muted">No labs in this module yet.</p>
      )}
    </section>
  );
}

export function CoursePage() {
  const course = useResource((signal) => api.course(signal), []);
  const health = useResource((signal) => api.health(signal), []);

  if (course.error) return <ErrorMessage error={course.error} retry={course.reload} title="The course could not be loaded" />;
  if (!course.data) return <Loading what="the course" />;
  const { title, modules, progress } = course.data;
  const ordered = [...modules].sort((a, b) => a.order - b.order);
  return (
    <div className="course" data-testid="course">
      <PageHeading title={title}>{title}</PageHeading>
      <ProgressBar value={progress.passed} max={progress.total} label="Course progress" testId="course-progress" />
      {health.data && !health.data.sandboxed && (
        <div className="notice notice-warning" data-testid="sandbox-warning">
          <p className="notice-title">No sandbox on this machine</p>
          <p>{health.data.sandboxNote || 'Checks run your code without isolation.'}</p>
        </div>
      )}
      {ordered.map((module) => (
        <ModuleSection key={module.id} module={module} />
      ))}
    </div>
  );
}
