/*
|--------------------------------------------------------------------------
| Kernel event listeners
|--------------------------------------------------------------------------
| Plugins declare their listeners in their manifests; the plugin registry
| wires those. Only kernel-wide reactions belong here.
*/
