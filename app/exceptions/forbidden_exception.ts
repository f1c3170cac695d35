import { Exception } from '@adonisjs/core/exceptions'

/** A missing permission: 403 with a message in the user's language. */
export default class ForbiddenException extends Exception {
  static status = 403
  static code = 'E_FORBIDDEN'
  constructor(public permission?: string) {
    super(`Missing permission ${permission ?? ''}`.trim(), { status: 403, code: 'E_FORBIDDEN' })
  }
}
