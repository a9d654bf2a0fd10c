/**
 * A sentence for a database the server cannot use at start (unreachable, wrong password, missing
 * database), or null for an error that is not about reaching it. Never includes the password.
 */
export function databaseProblem(error: unknown): string | null {
  const { code, address, port, hostname } = error as {
    code?: string;
    address?: string;
    port?: number;
    hostname?: string;
  };
  const where = address ? `${address}${port ? `:${port}` : ''}` : (hostname ?? 'the host in DATABASE_URL');
  switch (code) {
    case 'ECONNREFUSED':
      return `PostgreSQL at ${where} refused the connection. Is it running, and is the host and port in DATABASE_URL right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the PostgreSQL host ${where} in DATABASE_URL cannot be found.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `PostgreSQL at ${where} cannot be reached (${code}). Check DATABASE_URL and the network.`;
    case '28P01':
    case '28000':
      return 'PostgreSQL refused the user name or password in DATABASE_URL.';
    case '3D000':
      return 'the database named in DATABASE_URL does not exist on the PostgreSQL server: create it (createdb), or fix the name.';
    case '42501':
      return 'the PostgreSQL user in DATABASE_URL may not create tables in that database: give it ownership of the database (ALTER DATABASE … OWNER TO …).';
    default:
      return (error as Error)?.message === 'timeout expired' ||
        (error as Error)?.message === 'Connection terminated due to connection timeout'
        ? 'PostgreSQL did not answer within 10 seconds. Check the host and port in DATABASE_URL.'
        : null;
  }
}
