/*
 * The plugin dependency graph: checks every `depends` entry (present, version
 * in range, no cycle) and orders plugins so that a plugin always loads,
 * migrates and boots after the plugins it depends on.
 */
import semver from 'semver'

export const KERNEL_VERSION = '1.0.0'

export interface GraphNode {
  id: string
  version: string
  depends: Record<string, string>
}

export interface GraphResult {
  /** Plugins that can load, dependencies first */
  order: string[]
  /** Plugin id → why it cannot load */
  problems: Map<string, string>
}

export function resolveGraph(nodes: GraphNode[], kernelVersion = KERNEL_VERSION): GraphResult {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const problems = new Map<string, string>()

  // 1. Direct problems: missing dependency or version out of range.
  for (const node of nodes) {
    for (const [dep, range] of Object.entries(node.depends)) {
      if (dep === 'kernel') {
        if (!semver.satisfies(kernelVersion, range)) {
          problems.set(node.id, `plugin "${node.id}" needs kernel ${range}, but the kernel is ${kernelVersion}`)
        }
        continue
      }
      const target = byId.get(dep)
      if (!target) {
        problems.set(node.id, `plugin "${node.id}" depends on "${dep}" (${range}), which is not present`)
      } else if (!semver.satisfies(target.version, range, { includePrerelease: true })) {
        problems.set(
          node.id,
          `plugin "${node.id}" needs "${dep}" ${range}, but "${dep}" is version ${target.version}`
        )
      }
    }
  }

  // 2. Cycles (Tarjan-free DFS with colours; each cycle named in order).
  const colour = new Map<string, 'grey' | 'black'>()
  const stack: string[] = []
  const visit = (id: string) => {
    colour.set(id, 'grey')
    stack.push(id)
    for (const dep of Object.keys(byId.get(id)!.depends)) {
      if (!byId.has(dep)) continue
      if (colour.get(dep) === 'grey') {
        const cycle = stack.slice(stack.indexOf(dep)).concat(dep)
        const message = `dependency cycle: ${cycle.map((c) => `"${c}"`).join(' → ')}`
        for (const member of cycle) if (!problems.has(member)) problems.set(member, message)
      } else if (!colour.has(dep)) {
        visit(dep)
      }
    }
    stack.pop()
    colour.set(id, 'black')
  }
  for (const id of [...byId.keys()].sort()) if (!colour.has(id)) visit(id)

  // 3. A plugin whose dependency cannot load cannot load either (transitively).
  let changed = true
  while (changed) {
    changed = false
    for (const node of nodes) {
      if (problems.has(node.id)) continue
      const broken = Object.keys(node.depends).find((dep) => dep !== 'kernel' && problems.has(dep))
      if (broken) {
        problems.set(node.id, `plugin "${node.id}" depends on "${broken}", which cannot load: ${problems.get(broken)}`)
        changed = true
      }
    }
  }

  // 4. Topological order of the rest (stable: alphabetical among equals).
  const order: string[] = []
  const placed = new Set<string>()
  const healthy = nodes.filter((n) => !problems.has(n.id)).map((n) => n.id).sort()
  while (placed.size < healthy.length) {
    const next = healthy.find(
      (id) => !placed.has(id) && Object.keys(byId.get(id)!.depends).every((d) => d === 'kernel' || placed.has(d))
    )
    if (!next) break // unreachable: cycles were removed above
    placed.add(next)
    order.push(next)
  }
  return { order, problems }
}

/** Every plugin that `id` needs, transitively, dependencies first. */
export function dependenciesOf(id: string, nodes: GraphNode[]): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const out: string[] = []
  const walk = (current: string) => {
    for (const dep of Object.keys(byId.get(current)?.depends ?? {})) {
      if (dep === 'kernel' || out.includes(dep)) continue
      walk(dep)
      out.push(dep)
    }
  }
  walk(id)
  return out
}

/** Every plugin that needs `id`, directly or transitively. */
export function dependantsOf(id: string, nodes: GraphNode[]): string[] {
  const out = new Set<string>()
  let frontier = [id]
  while (frontier.length) {
    const next: string[] = []
    for (const node of nodes) {
      if (out.has(node.id)) continue
      if (Object.keys(node.depends).some((d) => frontier.includes(d))) {
        out.add(node.id)
        next.push(node.id)
      }
    }
    frontier = next
  }
  return [...out]
}
