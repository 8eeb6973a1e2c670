/** @module AuthScreen — shown without a valid token: how to get in (the link pysec printed). */
import { type FormEvent, useEffect, useState } from 'react';
import { setToken, tokenFromPaste } from '../lib/auth.ts';

export function AuthScreen({ reason }: { reason: 'missing' | 'rejected' }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    document.title = 'Open the link from your terminal · pysec';
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = tokenFromPaste(text);
    if (!token) {
      setError('That does not look like the link pysec printed (it ends in #token=…).');
      return;
    }
    setToken(token);
  };

  return (
    <main className="auth narrow" id="main" data-testid="auth-required">
      <h1>Open the link pysec printed in your terminal (it contains a token)</h1>
      {reason === 'rejected' && (
        <p className="notice notice-warning">
          The server did not accept this page’s token. It changes each time pysec starts: use the link from the latest start.
        </p>
      )}
      <p>
        When you run <code>npm start</code> or <code>pysec serve</code>, the terminal shows a link like
      </p>
      <pre className="code">http://127.0.0.1:8457/#token=…</pre>
      <p>
        Open that link (or copy it into the address bar). The token keeps other web sites and other users of this computer out of your
        pysec; it stays in this browser tab and is never put in a web address sent to the server.
      </p>
      <form onSubmit={submit} className="auth-form">
        <label htmlFor="token-input">Or paste the link here</label>
        <div className="auth-row">
          <input
            id="token-input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={error ? 'token-error' : undefined}
            aria-invalid={error ? true : undefined}
            data-testid="token-input"
          />
          <button type="submit" className="button primary">
            Continue
          </button>
        </div>
        {error && (
          <p id="token-error" className="form-error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
