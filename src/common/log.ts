/** What the modes may say. The Action entry backs it with @actions/core, the CLI with stderr. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  /** Something worth the user's attention that is no problem (Actions shows it as an annotation). */
  notice(message: string): void
  debug(message: string): void
  /** Masks a secret in all later output (a no-op outside Actions). */
  setSecret(secret: string): void
}
