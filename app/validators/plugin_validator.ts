import vine from '@vinejs/vine'

/** Uninstalling deletes data: the admin confirms by typing the plugin id. */
export const uninstallConfirmation = vine.compile(
  vine.object({
    confirm: vine.string().trim().optional(),
  })
)
