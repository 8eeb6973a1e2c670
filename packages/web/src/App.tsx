/** @module App — the shell: skip link, header, the page for the current route, or the sign-in screen. */
import { AuthScreen } from './components/AuthScreen.tsx';
import { PageHeading } from './components/common.tsx';
import { useAuthState } from './lib/auth.ts';
import { Link, paths, type Route, useRoute } from './lib/router.tsx';
import { CoursePage } from './pages/CoursePage.tsx';
import { LabPage } from './pages/LabPage.tsx';
import { LessonPage } from './pages/LessonPage.tsx';
import { QuizPage } from './pages/QuizPage.tsx';

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'course':
      return <CoursePage />;
    case 'lesson':
      return <LessonPage key={route.module} module={route.module} />;
    case 'quiz':
      return <QuizPage key={route.module} module={route.module} />;
    case 'lab':
      return <LabPage key={route.lab} lab={route.lab} />;
    case 'not-found':
      return (
        <div className="narrow" data-testid="not-found">
          <PageHeading title="Not found">Nothing here</PageHeading>
          <p>
            There is no page at <code>{route.path}</code>. <Link to={paths.course()}>Go to the course</Link>.
          </p>
        </div>
      );
  }
}

export function App() {
  const auth = useAuthState();
  const route = useRoute();
  if (auth !== 'ok') return <AuthScreen reason={auth} />;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to={paths.course()} className="brand" aria-label="pysec: the course">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          pysec
        </Link>
        <span className="tagline">secure Python, hands on</span>
      </header>
      <main id="main" tabIndex={-1} className={route.name === 'lab' ? 'wide' : ''}>
        <Page route={route} />
      </main>
    </>
  );
}
