// A stand-in for the app's session library in the docs/server.md recipes (Auth.js, Clerk, Lucia…): the
// signed-in user is read from a `session` cookie of the form `session=<id>:<name>`.

export interface SessionUser {
  id: string;
  name: string | null;
  voiceEnabled: boolean;
}

export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const match = /(?:^|;\s*)session=([^:;]+):([^;]*)/.exec(request.headers.get('cookie') ?? '');
  if (!match) return null;
  const [, id = '', name = ''] = match;
  return { id, name: name || null, voiceEnabled: id !== 'free_user' };
}
