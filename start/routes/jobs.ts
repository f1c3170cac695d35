/*
 * Routes of the kernel's jobs area: the admin page of scheduled jobs.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const JobsController = () => import('#controllers/admin/jobs_controller')

router
  .group(() => {
    router.get('/jobs', [JobsController, 'index']).as('jobs.index').use(middleware.can({ permission: 'admin.jobs.view' }))
    router.post('/jobs/:job/run', [JobsController, 'run']).as('jobs.run').use(middleware.can({ permission: 'admin.jobs.run' }))
    router
      .get('/jobs/runs/:id', [JobsController, 'progress'])
      .as('jobs.runs.show')
      .where('id', router.matchers.number())
      .use(middleware.can({ permission: 'admin.jobs.view' }))
  })
  .prefix('/admin')
  .as('admin')
  .use(middleware.auth())
