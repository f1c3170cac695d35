/*
 * What the kernel itself contributes, declared with the same shape as a
 * plugin manifest: its permissions, the admin menu, its print templates.
 * Areas of the kernel add their entries here (one list each).
 */
import { definePlugin } from '#kernel/plugins/define_plugin'

export default definePlugin({
  id: 'loom_kernel',
  version: '1.0.0',
  name: { 'zh-CN': '内核', 'en': 'Kernel' },
  permissions: [
    { code: 'admin.users.manage', label: { 'zh-CN': '管理用户', 'en': 'Manage users' } },
    { code: 'admin.departments.manage', label: { 'zh-CN': '管理部门', 'en': 'Manage departments' } },
    { code: 'admin.roles.manage', label: { 'zh-CN': '管理角色与权限', 'en': 'Manage roles and permissions' } },
    { code: 'admin.plugins.manage', label: { 'zh-CN': '管理插件', 'en': 'Manage plugins' } },
    { code: 'admin.series.manage', label: { 'zh-CN': '管理编号规则', 'en': 'Manage number series' } },
    { code: 'admin.settings.manage', label: { 'zh-CN': '管理系统设置', 'en': 'Manage settings' } },
    { code: 'admin.audit.view', label: { 'zh-CN': '查看审计日志', 'en': 'View the audit log' } },
    { code: 'admin.jobs.view', label: { 'zh-CN': '查看任务运行记录', 'en': 'View job runs' } },
    { code: 'admin.jobs.run', label: { 'zh-CN': '立即运行任务', 'en': 'Run jobs now' } },
    { code: 'admin.custom_fields.manage', label: { 'zh-CN': '管理自定义字段', 'en': 'Manage custom fields' } },
    { code: 'admin.webhooks.manage', label: { 'zh-CN': '管理 Webhook', 'en': 'Manage webhooks' } },
    { code: 'admin.webforms.manage', label: { 'zh-CN': '管理网页表单', 'en': 'Manage web forms' } },
    { code: 'admin.approvals.manage', label: { 'zh-CN': '管理审批流程', 'en': 'Manage approval flows' } },
    { code: 'admin.rules.manage', label: { 'zh-CN': '管理自动化规则', 'en': 'Manage automation rules' } },
  ],
  menu: [
    // Every signed-in user's own tasks and notifications (no permission: each sees only their own).
    { key: 'tasks', label: 'notifications.menu.tasks', route: 'tasks.index', order: 10, icon: 'check' },
    { key: 'notifications', label: 'notifications.menu.notifications', route: 'notifications.index', order: 11, icon: 'bell' },
    // Imports (app/impex): every user's own imports; what they may import depends on `<type>.create`.
    { key: 'imports', label: 'impex.menu.imports', route: 'impex.imports.index', order: 850, icon: 'upload' },
    { key: 'admin', label: 'shell.menu.admin', route: 'admin.index', order: 900, icon: 'cog' },
    { key: 'users', parent: 'admin', label: 'shell.menu.users', route: 'admin.users.index', permission: 'admin.users.manage', order: 901 },
    { key: 'departments', parent: 'admin', label: 'shell.menu.departments', route: 'admin.departments.index', permission: 'admin.departments.manage', order: 902 },
    { key: 'roles', parent: 'admin', label: 'shell.menu.roles', route: 'admin.roles.index', permission: 'admin.roles.manage', order: 903 },
    { key: 'plugins', parent: 'admin', label: 'shell.menu.plugins', route: 'admin.plugins.index', permission: 'admin.plugins.manage', order: 904 },
    { key: 'series', parent: 'admin', label: 'shell.menu.series', route: 'admin.series.index', permission: 'admin.series.manage', order: 905 },
    { key: 'settings', parent: 'admin', label: 'shell.menu.settings', route: 'admin.settings.index', permission: 'admin.settings.manage', order: 906 },
    { key: 'audit', parent: 'admin', label: 'shell.menu.audit', route: 'admin.audit.index', permission: 'admin.audit.view', order: 907 },
    { key: 'jobs', parent: 'admin', label: 'shell.menu.jobs', route: 'admin.jobs.index', permission: 'admin.jobs.view', order: 908 },
    { key: 'custom_fields', parent: 'admin', label: 'custom_fields.menu.custom_fields', route: 'admin.custom_fields.index', permission: 'admin.custom_fields.manage', order: 909 },
    { key: 'webhooks', parent: 'admin', label: 'api.menu.webhooks', route: 'admin.webhooks.index', permission: 'admin.webhooks.manage', order: 920 },
    { key: 'web_forms', parent: 'admin', label: 'api.menu.web_forms', route: 'admin.web_forms.index', permission: 'admin.webforms.manage', order: 921 },
    { key: 'approval_flows', parent: 'admin', label: 'approvals.menu.flows', route: 'admin.approvals.index', permission: 'admin.approvals.manage', order: 910 },
    { key: 'approvals', label: 'approvals.menu.inbox', route: 'approvals.index', order: 20, icon: 'inbox' },
    { key: 'rules', parent: 'admin', label: 'rules.menu.rules', route: 'admin.rules.index', permission: 'admin.rules.manage', order: 911 },
  ],
  printTemplates: {
    // A user's access report: /print/kernel.user_access/<user id>.pdf (anyone: themselves; admin.users.manage: anyone).
    'kernel.user_access': {
      view: 'print/user_access',
      paper: 'A4',
      load: async (id, ctx) => (await import('#services/prints/user_access_print')).loadUserAccess(id, ctx),
      title: (data, ctx) => ctx.i18n.t('printing.user_access.title_for', { name: data.subject.name }),
    },
  },
  slots: {
    // "Awaiting my approval" on the workbench (app/approvals/inbox.ts)
    'workbench.widgets': [
      {
        view: 'partials/approvals_widget',
        order: 5,
        data: async (context) => {
          const { pendingFor } = await import('#kernel/approvals/inbox')
          const items = context.user ? await pendingFor(context.user.id, 50) : []
          return { approvalItems: items.slice(0, 5), approvalCount: items.length }
        },
      },
      {
        view: 'partials/notifications/widget_tasks',
        order: 10,
        data: async (_context, ctx) => (await import('#kernel/notifications/widgets')).myTasksWidget(ctx),
      },
      {
        view: 'partials/notifications/widget_notifications',
        order: 11,
        data: async (_context, ctx) => (await import('#kernel/notifications/widgets')).notificationsWidget(ctx),
      },
    ],
  },
  jobs: [
    // Sends webhook deliveries that are due (retries with back-off): app/webhooks/webhooks.ts
    { name: 'deliver_webhooks', file: 'app/webhooks/deliver_webhooks_job.ts', interval: '1m', label: 'api.webhooks.job' },
    // The timed automation events (a date N days away, no activity for N days); firings are remembered.
    { name: 'rule_timers', file: 'app/rules/jobs/rule_timers_job.ts', interval: '1h', label: 'rules.job_label' },
  ],
})
