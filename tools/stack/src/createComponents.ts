import { type Component, COMPONENT_NAMES, type ComponentName } from './Component';
import type { StackConfig } from './config';
import { createKafkaComponent } from './kafka';
import type { StackPaths } from './paths';
import { createRegistryComponent } from './registry';
import { StackError } from './StackError';

/**
 * The components named in `names` (all when empty), in start order: Kafka, then the registry.
 * Unknown names fail with a {@link StackError}. Internal.
 */
export function createComponents(config: StackConfig, paths: StackPaths, names: readonly string[] = []): Component[] {
  const unknown = names.filter((name) => !(COMPONENT_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new StackError(`unknown component ${unknown.join(', ')}: expected one of ${COMPONENT_NAMES.join(', ')}`);
  }
  const all: Record<ComponentName, Component> = {
    kafka: createKafkaComponent({ config, paths }),
    registry: createRegistryComponent({ config, paths }),
  };
  return COMPONENT_NAMES.filter((name) => names.length === 0 || names.includes(name)).map((name) => all[name]);
}
