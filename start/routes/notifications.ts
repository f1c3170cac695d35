/*
 * Routes of tasks and notifications: every signed-in user, their own only.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const NotificationsController = () => import('#controllers/notifications_controller')
const TasksController = () => import('#controllers/tasks_controller')

router
  .group(() => {
    router.get('/notifications', [NotificationsController, 'index']).as('notifications.index')
    router.get('/notifications/badge', [NotificationsController, 'badge']).as('notifications.badge')
    router.get('/notifications/menu', [NotificationsController, 'menu']).as('notifications.menu')
    router.post('/notifications/read-all', [NotificationsController, 'readAll']).as('notifications.read_all')
    router.post('/notifications/:id/open', [NotificationsController, 'open']).as('notifications.open').where('id', router.matchers.number())
    router.post('/notifications/:id/read', [NotificationsController, 'read']).as('notifications.read').where('id', router.matchers.number())

    router.get('/tasks', [TasksController, 'index']).as('tasks.index')
    router.post('/tasks', [TasksController, 'store']).as('tasks.store')
    router.get('/tasks/:id', [TasksController, 'show']).as('tasks.show').where('id', router.matchers.number())
    router.post('/tasks/:id', [TasksController, 'update']).as('tasks.update').where('id', router.matchers.number())
    router.delete('/tasks/:id', [TasksController, 'destroy']).as('tasks.destroy').where('id', router.matchers.number())
    router.post('/tasks/:id/done', [TasksController, 'toggle']).as('tasks.toggle').where('id', router.matchers.number())
  })
  .use(middleware.auth())
