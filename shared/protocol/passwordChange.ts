import { z } from 'zod';

/**
 * POST /api/password: the logged-in person changes their own password (the current one proves it
 * is them). The body's shape only; the password policy (shared/domain/passwordPolicy.ts) is judged
 * by the server with its configured minimum length.
 */
export const PasswordChangeBody = z
  .object({
    oldPassword: z.string().min(1).max(200),
    // Length and the other rules are the policy's, with its own sentences (a zod min here would say 8).
    newPassword: z.string().max(200),
  })
  .strict();

export type PasswordChangeInput = z.infer<typeof PasswordChangeBody>;

/** What GET /api/password/policy answers: the rules the change-password page shows while one types. */
export interface PasswordPolicyView {
  minLength: number;
}
