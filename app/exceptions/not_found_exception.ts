import { Exception } from '@adonisjs/core/exceptions'

/** A record that does not exist or lies outside the user's data scope: always 404, never a leak. */
export default class NotFoundException extends Exception {
  static status = 404
  static code = 'E_NOT_FOUND'
  constructor(message = 'Not found') {
    super(message, { status: 404, code: 'E_NOT_FOUND' })
  }
}
