/*
 * Admin: the department tree. Create, rename, move (a department may not be
 * placed under itself or its own sub-department), delete (refused while it
 * has users or sub-departments).
 */
import type { HttpContext } from '@adonisjs/core/http'
import Department from '#models/department'
import NotFoundException from '#exceptions/not_found_exception'
import { createDepartment, deleteDepartment, departmentTree, DepartmentTreeError, updateDepartment } from '#services/departments'
import { accessWording, departmentValidator } from '#validators/access_validator'
import { FormInvalid, isUniqueViolation, renderFormPage, validateFormOrThrow, type FieldErrors } from '#services/forms'

async function findDepartment(id: unknown) {
  const department = await Department.find(Number(id) || 0)
  if (!department) throw new NotFoundException()
  return department
}

export default class DepartmentsController {
  async index({ view }: HttpContext) {
    return view.render('pages/admin/departments/index', { tree: await departmentTree() })
  }

  async #renderForm(ctx: HttpContext, department: Department | null, errors: FieldErrors = {}, status = 200) {
    const data = { department, tree: await departmentTree(), defaultParent: Number(ctx.request.input('parent')) || null }
    return renderFormPage(ctx, 'pages/admin/departments/form', data, errors, status)
  }

  async create(ctx: HttpContext) {
    return this.#renderForm(ctx, null)
  }

  async store(ctx: HttpContext) {
    const { i18n, session, response } = ctx
    try {
      const data = await validateFormOrThrow<any>(ctx, departmentValidator, accessWording('department'))
      const department = await createDepartment({ code: data.code, name: data.name, parentId: data.parent_id ?? null, sortOrder: data.sort_order })
      session.flash('success', i18n.t('access.departments.created', { name: department.name }))
    } catch (error) {
      if (error instanceof FormInvalid) return this.#renderForm(ctx, null, error.fields, 422)
      if (isUniqueViolation(error)) return this.#renderForm(ctx, null, { code: [i18n.t('access.departments.code_taken')] }, 422)
      throw error
    }
    return response.redirect().toRoute('admin.departments.index')
  }

  async edit(ctx: HttpContext) {
    return this.#renderForm(ctx, await findDepartment(ctx.params.id))
  }

  async update(ctx: HttpContext) {
    const { i18n, session, response } = ctx
    const department = await findDepartment(ctx.params.id)
    try {
      const data = await validateFormOrThrow<any>(ctx, departmentValidator, { meta: { departmentId: department.id }, ...accessWording('department') })
      await updateDepartment(department.id, { code: data.code, name: data.name, parentId: data.parent_id ?? null, sortOrder: data.sort_order })
    } catch (error) {
      if (error instanceof FormInvalid) return this.#renderForm(ctx, department, error.fields, 422)
      if (error instanceof DepartmentTreeError && error.code === 'own_ancestor') {
        return this.#renderForm(ctx, department, { parent_id: [i18n.t('access.departments.own_ancestor', { name: department.name })] }, 422)
      }
      if (isUniqueViolation(error)) return this.#renderForm(ctx, department, { code: [i18n.t('access.departments.code_taken')] }, 422)
      throw error
    }
    session.flash('success', i18n.t('access.departments.saved', { name: department.name }))
    return response.redirect().toRoute('admin.departments.index')
  }

  async destroy(ctx: HttpContext) {
    const { i18n, session, response } = ctx
    const department = await findDepartment(ctx.params.id)
    try {
      await deleteDepartment(department.id)
    } catch (error) {
      if (error instanceof DepartmentTreeError) {
        session.flash('error', i18n.t(`access.departments.${error.code}`, { name: department.name }))
        return response.redirect().toRoute('admin.departments.index')
      }
      throw error
    }
    session.flash('success', i18n.t('access.departments.deleted', { name: department.name }))
    return response.redirect().toRoute('admin.departments.index')
  }
}
