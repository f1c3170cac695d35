import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const WorkbenchController = () => import('#controllers/workbench_controller')

router.get('/', [WorkbenchController, 'index']).as('workbench').use(middleware.auth())
