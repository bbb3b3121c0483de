// Validates every object in the given folder's *.yaml files against the Kubernetes API's JSON schemas
// (kubernetes-models), then prints them as one JSON array for the structural checks in
// tests/EdgeCatalog.Tests/KubernetesFilesTests.cs. Exits 1 with every problem found.
// Usage: node validate.mjs <folder>
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

const folder = process.argv[2];
const problems = [];
const objects = [];

async function modelFor(apiVersion, kind) {
  // "apps/v1" → kubernetes-models/apps/v1, "v1" → kubernetes-models/v1
  try {
    return (await import(`kubernetes-models/${apiVersion}`))[kind];
  } catch {
    return undefined;
  }
}

for (const file of fs.readdirSync(folder).filter((f) => f.endsWith(".yaml")).sort()) {
  const text = fs.readFileSync(path.join(folder, file), "utf8");
  for (const document of YAML.parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      problems.push(`${file}: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    if (object.kind === "Kustomization") {
      objects.push({ file, object });
      continue; // kustomize's own file, not an API object
    }
    const Model = await modelFor(object.apiVersion, object.kind);
    if (Model === undefined) {
      problems.push(`${file}: ${object.apiVersion} ${object.kind} is not a Kubernetes API kind`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (e) {
      problems.push(`${file}: ${object.kind} ${object.metadata?.name}: ${e.message}`);
      continue;
    }
    objects.push({ file, object });
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(JSON.stringify(objects));
