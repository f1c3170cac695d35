/*
 * The custom-fields engine joins fieldsOf() at boot, so imports, exports,
 * the API, approval conditions and rules see admins' fields (decision 009).
 */
import { registerCustomFieldSource } from '#kernel/custom_fields/custom_fields'

registerCustomFieldSource()
