/*
 * The application's plugin registry. Filled by the Loom provider at boot;
 * tests build their own PluginRegistry over fixture folders.
 */
import { PluginRegistry } from '#kernel/plugins/plugin_registry'

const plugins = new PluginRegistry()
export default plugins
