import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { buildGenesysArtifacts } from '../../genesys/index.ts';

type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every callData action anywhere in a parsed flow, with the path of outputs that led to it. */
function callDataActions(node: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(node)) node.forEach((n) => callDataActions(n, found));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'callData') found.push(value as Node);
      callDataActions(value, found);
    }
  }
  return found;
}

const target = (call: Node) => {
  const [category] = Object.keys(call.category);
  const [action] = Object.keys(call.category[category!].dataAction);
  return { category, action, binding: call.category[category!].dataAction[action!] };
};

const artifacts = buildGenesysArtifacts();
const flows = [
  ['inbound call', artifacts.flows.inboundCall, 'inboundCall', 'tasks'],
  ['inbound message', artifacts.flows.inboundMessage, 'inboundShortMessage', 'states'],
] as const;

describe.each(flows)('the %s flow (Archy YAML)', (_, yamlText, flowType, container) => {
  const doc = parse(yamlText) as Node;
  const flow = doc[flowType];
  const inputContract = artifacts.actions.createIncident.contract.input.inputSchema as unknown as {
    properties: Record<string, unknown>;
    required: string[];
  };
  const outputContract = artifacts.actions.createIncident.contract.output
    .successSchema as unknown as {
    properties: Record<string, unknown>;
  };

  it('parses as one YAML document without errors, anchors or aliases', () => {
    const document = parseDocument(yamlText);
    expect(document.errors).toEqual([]);
    expect(yamlText).not.toMatch(/[&*]a\d/);
    expect(Object.keys(doc)).toEqual([flowType]);
  });

  it('starts at its own task/state', () => {
    const [first] = flow[container];
    const entry = first.task ?? first.state;
    expect(flow.startUpRef).toBe(
      `/${flowType}/${container}/${container.slice(0, -1)}[${entry.refId}]`,
    );
  });

  it('calls the create action by the same category and name as the action JSON', () => {
    const calls = callDataActions(flow);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const { category, action } = target(call);
      expect(category).toBe(artifacts.actions.createIncident.category);
      expect(action).toBe(artifacts.actions.createIncident.name);
    }
  });

  it('passes only inputs of the contract, including every required one, and binds only its outputs', () => {
    for (const call of callDataActions(flow)) {
      const { binding } = target(call);
      for (const name of Object.keys(binding.inputs))
        expect(inputContract.properties).toHaveProperty(name);
      for (const name of inputContract.required) expect(binding.inputs).toHaveProperty(name);
      for (const name of Object.keys(binding.successOutputs))
        expect(outputContract.properties).toHaveProperty(name);
    }
  });

  it('retries exactly once on failure and on timeout, then records the failure', () => {
    const [first] = callDataActions(flow[container][0]);
    for (const path of ['failure', 'timeout']) {
      const retries = first!.outputs[path].actions.filter((a: Node) => 'callData' in a);
      expect(retries, path).toHaveLength(1);
      const retry = retries[0].callData;
      expect(target(retry)).toEqual(target(first!));
      for (const retryPath of ['failure', 'timeout']) {
        const after = retry.outputs[retryPath].actions;
        expect(callDataActions(after), `${path} → ${retryPath}`).toEqual([]);
        expect(JSON.stringify(after)).toContain('failed');
      }
    }
    expect(callDataActions(flow)).toHaveLength(3); // first, and the retry under failure and under timeout
  });

  it('declares every variable it writes', () => {
    const declared = new Set(
      (flow.variables as Node[]).map((v) => (Object.values(v)[0] as { name: string }).name),
    );
    const written = [
      ...callDataActions(flow).flatMap(
        (c) => Object.values(target(c).binding.successOutputs) as string[],
      ),
      ...[...yamlText.matchAll(/variable: (\S+)/g)].map((m) => m[1]!),
    ];
    for (const name of written) expect(declared).toContain(name);
  });
});

describe('flows follow the configuration', () => {
  it('use the configured action name and category', () => {
    const { flows: custom } = buildGenesysArtifacts({
      createActionName: 'Open Ticket v2',
      category: 'Acme SN',
    });
    for (const text of [custom.inboundCall, custom.inboundMessage]) {
      for (const call of callDataActions(parse(text)))
        expect(target(call)).toMatchObject({ category: 'Acme SN', action: 'Open Ticket v2' });
    }
  });
});
