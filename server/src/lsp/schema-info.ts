import controlSchema from '../../../schemas/control.schema.json';

interface PropertySchema {
  description?: string;
  markdownDescription?: string;
  enum?: string[];
  enumDescriptions?: string[];
  items?: PropertySchema;
  properties?: Record<string, PropertySchema>;
}

const control = controlSchema.$defs.control as unknown as PropertySchema;

/**
 * Returns the schema of the property at a path inside one control, e.g.
 * ['remediation', 'automatable'] or ['references', 0, 'url'].
 */
export function propertySchema(path: ReadonlyArray<string | number>): PropertySchema | undefined {
  let current: PropertySchema | undefined = control;
  for (const segment of path) {
    if (!current) return undefined;
    current = typeof segment === 'number' ? current.items : current.properties?.[segment];
  }
  return current;
}

/** Returns the allowed values of an enum property or of an array's items, with their descriptions. */
export function enumValues(path: ReadonlyArray<string | number>): Array<{ value: string; description?: string }> {
  const schema = propertySchema(path);
  let target = schema;
  if (!target?.enum) target = schema?.items;
  if (!target?.enum) return [];
  return target.enum.map((value, i) => {
    const description = target.enumDescriptions?.[i];
    return description ? { value, description } : { value };
  });
}
