'use client';

export default function GlobalError() {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', padding: '4rem 1rem' }}>
        <main>
          <h1>Something went wrong</h1>
          <p>The blog could not be shown just now. Please try again in a moment.</p>
          <p>
            {/* A full page load on purpose: the application shell itself failed. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
            <a href="/">Go to the home page</a>
          </p>
        </main>
      </body>
    </html>
  );
}
