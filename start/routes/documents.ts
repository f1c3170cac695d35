/*
 * Routes of the kernel's documents area.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

void router
void middleware
