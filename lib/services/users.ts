import 'server-only';
import { insertUser, type HandleChooser, type NewUserInput } from '@/db/queries/users';
import type { User } from '@/db/schema';
import { freeHandle } from '../policies/slug';

/** A new account's handle: a free one made from its name, or from its email's local part when it has no name. */
export const newAccountHandle: HandleChooser = ({ name, email }, isTaken) => freeHandle(name || email, isTaken);

/**
 * Creates an account (the CLI, Auth.js, the seed): with the handle given, or a free one made from
 * the name. Confirmed sign-ups use the same rule inside their transaction (completePendingSignUp).
 */
export async function createUser({ handle, ...input }: NewUserInput): Promise<User> {
  return insertUser({ ...input, chooseHandle: handle === undefined ? newAccountHandle : async () => handle });
}
