/**
 * The generated Archy flows against the structure of real exported flows. Each rule names the
 * public flow it was read from (research/genesys-flows-and-triggers.md; BP/x =
 * GenesysCloudBlueprints/x, TF = MyPureCloud/terraform-provider-genesyscloud). A rule no public
 * flow showed says ASSUMED.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import {
  buildGenesysArtifacts,
  CALL_DATA_FAILURE_OUTPUTS,
  GenesysConfigError,
  MODULE_OUTPUTS,
  PARTICIPANT_DATA_KEYS,
  type GenesysFlows,
} from '../../genesys/index.ts';

type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every value under `key` anywhere in a parsed flow. */
function all(node: unknown, key: string, found: Node[] = []): Node[] {
  if (Array.isArray(node)) node.forEach((n) => all(n, key, found));
  else if (node !== null && typeof node === 'object') {
    for (const [k, value] of Object.entries(node)) {
      if (k === key) found.push(value as Node);
      all(value, key, found);
    }
  }
  return found;
}

/** Every binding object ({var}|{noValue}|{lit}|{exp}) under a map of outputs or inputs. */
const bindings = (map: Node) => Object.values(map) as Node[];

const artifacts = buildGenesysArtifacts();
const flows = artifacts.flows as GenesysFlows;
const createAction = artifacts.actions.createIncident;
const inputContract = createAction.contract.input.inputSchema as unknown as {
  properties: Record<string, { type: string }>;
  required: string[];
};
const outputContract = createAction.contract.output.successSchema as unknown as {
  properties: Record<string, unknown>;
};

const documents = {
  commonModule: parse(flows.commonModule) as Node,
  inboundCall: parse(flows.inboundCall) as Node,
  inboundMessage: parse(flows.inboundMessage) as Node,
  workflow: parse(flows.workflow) as Node,
};
const FLOW_TYPES = {
  commonModule: 'commonModule',
  inboundCall: 'inboundCall',
  inboundMessage: 'inboundShortMessage',
  workflow: 'workflow',
} as const;
const body = (which: keyof typeof documents) => documents[which][FLOW_TYPES[which]] as Node;
const callers = ['inboundCall', 'inboundMessage', 'workflow'] as const;

describe('every generated flow', () => {
  it.each(Object.keys(documents) as Array<keyof typeof documents>)(
    '%s is one YAML document with one flow-type key, no anchors or aliases',
    (which) => {
      const document = parseDocument(flows[which]);
      expect(document.errors).toEqual([]);
      expect(flows[which]).not.toMatch(/[&*]a\d/);
      expect(Object.keys(documents[which])).toEqual([FLOW_TYPES[which]]);
      expect(body(which).name).toEqual(expect.any(String));
      expect(body(which).division).toBe('Home');
    },
  );

  it('binds Call Data outputs with {var} or {noValue}, never a bare name (BP/negative-sentiment-callback Send_SMS_and_Create_Supervisor_Callback.yaml)', () => {
    const calls = Object.keys(documents).flatMap((w) =>
      all(documents[w as 'workflow'], 'callData'),
    );
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const [category] = Object.keys(call.category);
      const action = call.category[category!].dataAction[createAction.name];
      for (const output of [
        ...bindings(action.successOutputs),
        ...bindings(action.failureOutputs),
      ]) {
        expect(typeof output).toBe('object');
        expect(Object.keys(output).length).toBe(1);
        expect(['var', 'noValue']).toContain(Object.keys(output)[0]);
      }
      // exported flows list every failure output key (same flow)
      expect(Object.keys(action.failureOutputs).sort()).toEqual(
        [...CALL_DATA_FAILURE_OUTPUTS].sort(),
      );
      // success outputs: exactly the action's output contract
      expect(Object.keys(action.successOutputs).sort()).toEqual(
        Object.keys(outputContract.properties).sort(),
      );
      // the step has a timeout and all three output paths (same flow)
      expect(call.timeout).toEqual({ lit: { minutes: 1 } });
      expect(Object.keys(call.outputs).sort()).toEqual(['failure', 'success', 'timeout']);
    }
  });

  it('addresses the action under the integration name as its category (Architect lists actions by integration)', () => {
    for (const call of all(documents.commonModule, 'callData')) {
      expect(Object.keys(call.category)).toEqual(['ServiceNow Incident Bridge']);
      expect(Object.keys(call.category['ServiceNow Incident Bridge'].dataAction)).toEqual([
        createAction.name,
      ]);
    }
    expect(createAction.category).toBe('ServiceNow Incident Bridge');
  });

  it('never disconnects (the inbound flows transfer to a queue; the workflow ends itself)', () => {
    for (const which of Object.keys(documents)) {
      expect(all(documents[which as 'workflow'], 'disconnect'), which).toEqual([]);
    }
  });

  it('declares every variable it binds or writes', () => {
    for (const which of Object.keys(documents) as Array<keyof typeof documents>) {
      const declared = new Set(
        (body(which).variables as Node[]).map((v) => (Object.values(v)[0] as Node).name),
      );
      const used = [
        ...all(documents[which], 'var').map(String),
        ...all(documents[which], 'variable').map(String),
      ];
      expect(used.length, which).toBeGreaterThan(0);
      for (const name of used) expect(declared, `${which}: ${name}`).toContain(name);
    }
  });
});

describe('the common module (BP/merge-ephemeral-message-to-external-contact-blueprint modules/common-module/ResolveContact.yaml)', () => {
  const module = body('commonModule');
  const variables = (module.variables as Node[]).map((v): Node => ({
    kind: Object.keys(v)[0]!,
    ...(Object.values(v)[0] as Node),
  }));

  it('has startUpTaskActions ending in endTask, no startUpRef or tasks', () => {
    expect(module.startUpRef).toBeUndefined();
    expect(module.tasks).toBeUndefined();
    expect(module.startUpTaskActions.at(-1)).toEqual({ endTask: { name: 'Exit Common Module' } });
    expect(module.supportedLanguages).toEqual({ 'en-us': { none: true } });
  });

  it('is compatible with inbound call, message and e-mail flows and workflows', () => {
    expect(module.settingsCommonModule.compatibleFlowTypes).toEqual([
      { flowType: 'inboundcall' },
      { flowType: 'inboundshortmessage' },
      { flowType: 'inboundemail' },
      { flowType: 'workflow' },
    ]);
  });

  it('takes the contract fields as Common. inputs of the matching type', () => {
    const inputs = variables.filter((v) => v.isInput);
    expect(inputs.map((v) => v.name).sort()).toEqual(
      Object.keys(inputContract.properties)
        .map((f) => `Common.${f}`)
        .sort(),
    );
    for (const input of inputs) {
      const type = inputContract.properties[input.name.slice('Common.'.length)]!.type;
      expect(input.kind).toBe(
        type === 'integer'
          ? 'integerVariable'
          : type === 'boolean'
            ? 'booleanVariable'
            : 'stringVariable',
      );
      expect(input.initialValue).toEqual({ noValue: true });
    }
    for (const variable of variables) expect(variable.name).toMatch(/^Common\./);
  });

  it('outputs number, url, created and status', () => {
    expect(variables.filter((v) => v.isOutput).map((v) => v.name)).toEqual(
      Object.values(MODULE_OUTPUTS),
    );
  });

  it('passes every contract input, required ones included, from its own inputs', () => {
    for (const call of all(module, 'callData')) {
      const inputs = call.category['ServiceNow Incident Bridge'].dataAction[createAction.name]
        .inputs as Node;
      expect(Object.keys(inputs).sort()).toEqual(Object.keys(inputContract.properties).sort());
      for (const [field, value] of Object.entries(inputs))
        expect(value).toEqual({ exp: `Common.${field}` });
    }
  });

  it('retries exactly once on failure and on timeout, then reports status failed', () => {
    const [first] = module.startUpTaskActions as Node[];
    const calls = all(module, 'callData');
    expect(calls).toHaveLength(3); // the first call, its retry under failure and under timeout
    for (const path of ['failure', 'timeout']) {
      const retries = first!.callData.outputs[path].actions.filter((a: Node) => 'callData' in a);
      expect(retries, path).toHaveLength(1);
      for (const retryPath of ['failure', 'timeout']) {
        const after = retries[0].callData.outputs[retryPath].actions;
        expect(all(after, 'callData')).toEqual([]);
        expect(after).toEqual([
          {
            updateData: {
              name: 'Status failed',
              statements: [
                { string: { variable: MODULE_OUTPUTS.status, value: { lit: 'failed' } } },
              ],
            },
          },
        ]);
      }
    }
  });
});

describe.each(callers)('the %s flow calls the module', (which) => {
  const flow = body(which);
  const [call] = all(flow, 'callCommonModule');

  it('by name at its latest published version (BP/merge-ephemeral-message-to-external-contact-blueprint MergeExternalContactMessageFlow.yaml)', () => {
    expect(all(flow, 'callCommonModule')).toHaveLength(1);
    expect(Object.keys(call!.commonModule)).toEqual(['Create ServiceNow Incident']);
    const version = call!.commonModule['Create ServiceNow Incident'];
    expect(Object.keys(version)).toEqual(['ver_latestPublished']);
    const { inputs, outputs } = version.ver_latestPublished;
    expect(Object.keys(inputs).sort()).toEqual(
      Object.keys(inputContract.properties)
        .map((f) => `Common.${f}`)
        .sort(),
    );
    for (const required of inputContract.required)
      expect(inputs[`Common.${required}`], required).not.toEqual({ noValue: true });
    expect(Object.keys(outputs)).toEqual(Object.values(MODULE_OUTPUTS));
    for (const output of bindings(outputs)) expect(Object.keys(output)).toEqual(['var']);
  });

  it('calls no Data Action itself (the module does, with its retry)', () => {
    expect(all(flow, 'callData')).toEqual([]);
  });
});

describe('the inbound call flow', () => {
  const flow = body('inboundCall');
  const actions = flow.tasks[0].task.actions as Node[];

  it('starts at its own task', () => {
    expect(flow.startUpRef).toBe(`/inboundCall/tasks/task[${flow.tasks[0].task.refId}]`);
  });

  it('sends the caller as E.164 from Call.Ani (BP/switch-voice-to-web-messaging Switch to Web Messaging via SMS.yaml)', () => {
    const inputs =
      actions[0]!.callCommonModule.commonModule['Create ServiceNow Incident'].ver_latestPublished
        .inputs;
    expect(inputs['Common.customerAddress']).toEqual({ exp: 'ToPhoneNumber(Call.Ani).e164' });
    expect(inputs['Common.customCallId']).toEqual({ exp: 'Call.ConversationId' });
    expect(inputs['Common.channel']).toEqual({ lit: 'voice' });
  });

  it('stores the incident as participant data, then transfers to the queue with failure outputs (BP/dr-fallback-ivr DR-Emergency-IVR.yaml)', () => {
    expect(actions.map((a) => Object.keys(a)[0])).toEqual([
      'callCommonModule',
      'setParticipantData',
      'transferToAcd',
    ]);
    // ASSUMED: setParticipantData's attribute list (no public flow read)
    const names = actions[1]!.setParticipantData.attributes.map((a: Node) => a.attribute.name.lit);
    expect(names).toEqual(Object.values(PARTICIPANT_DATA_KEYS));
    const transfer = actions[2]!.transferToAcd;
    expect(transfer.targetQueue).toEqual({ lit: { name: 'IT Service Desk' } });
    expect(transfer.failureOutputs).toEqual({
      errorType: { noValue: true },
      errorMessage: { noValue: true },
    });
  });
});

describe('the inbound message flow (BP/deploy-webmessaging-chatbot-with-lambda-blueprint DudeWheresMyStuffMessage.yaml)', () => {
  const flow = body('inboundMessage');
  const actions = flow.states[0].state.actions as Node[];

  it('starts at its own state and uses Message.ConversationId', () => {
    expect(flow.startUpRef).toBe(
      `/inboundShortMessage/states/state[${flow.states[0].state.refId}]`,
    );
    const inputs =
      actions[0]!.callCommonModule.commonModule['Create ServiceNow Incident'].ver_latestPublished
        .inputs;
    expect(inputs['Common.customCallId']).toEqual({ exp: 'Message.ConversationId' });
  });

  it('transfers to the queue with the literal queue name, priority and unset agent options', () => {
    expect(actions.map((a) => Object.keys(a)[0])).toEqual([
      'callCommonModule',
      'setParticipantData',
      'transferToAcd',
    ]);
    expect(actions[2]!.transferToAcd).toEqual({
      name: 'Transfer to ACD',
      targetQueue: { lit: { name: 'IT Service Desk' } },
      priority: { lit: 0 },
      preferredAgents: { noValue: true },
      languageSkill: { noValue: true },
      directAgent: { noValue: true },
    });
  });
});

describe('the conversation-end workflow (TF trigger_workflow_example.yaml; BP/automatic-offer-callback-for-disconnected-call Send SMS to Schedule Callback.yaml)', () => {
  const flow = body('workflow');
  const variables = (flow.variables as Node[]).map((v) => Object.values(v)[0] as Node);

  it('starts at its own state and ends with endWorkflow', () => {
    expect(flow.startUpRef).toBe(`/workflow/states/state[${flow.states[0].state.refId}]`);
    expect(flow.states[0].state.actions.at(-1)).toEqual({
      endWorkflow: { name: 'End Workflow', exitReason: { noValue: true } },
    });
    expect(flow.settingsErrorHandling).toEqual({ errorHandling: { endWorkflow: { none: true } } });
  });

  it('takes the event fields the trigger sends as Flow. inputs (BP/sms-followup-on-missed-callback-blueprint callback_sms_eventrigger_flow.yaml.tftpl)', () => {
    const inputs = variables.filter((v) => v.isInput).map((v) => v.name);
    for (const name of ['Flow.conversationId', 'Flow.ani', 'Flow.dnis', 'Flow.addressTo'])
      expect(inputs).toContain(name);
    expect(inputs).toContain('Flow.addressFrom');
    expect(inputs).toContain('Flow.messageType');
  });

  it('uses the conversation id as customCallId', () => {
    const inputs = all(flow, 'callCommonModule')[0]!.commonModule['Create ServiceNow Incident']
      .ver_latestPublished.inputs;
    expect(inputs['Common.customCallId']).toEqual({ exp: 'Flow.conversationId' });
    expect(inputs['Common.customerAddress'].exp).toContain('Flow.addressFrom');
  });
});

describe('flows follow the configuration', () => {
  it('use the configured names, category and queue', () => {
    const { flows: custom } = buildGenesysArtifacts({
      createActionName: 'Open Ticket v2',
      integrationName: 'Acme SN',
      moduleName: 'Open Ticket',
      queueName: 'Helpdesk L1',
    });
    const module = parse(custom!.commonModule) as Node;
    for (const call of all(module, 'callData'))
      expect(Object.keys(call.category['Acme SN'].dataAction)).toEqual(['Open Ticket v2']);
    for (const which of ['inboundCall', 'inboundMessage'] as const) {
      const flow = parse(custom![which]) as Node;
      expect(Object.keys(all(flow, 'callCommonModule')[0]!.commonModule)).toEqual(['Open Ticket']);
      expect(all(flow, 'transferToAcd')[0]!.targetQueue).toEqual({ lit: { name: 'Helpdesk L1' } });
    }
  });

  it('refuses secure actions with flows, saying why; secure without flows builds only actions', () => {
    expect(() => buildGenesysArtifacts({ secure: true })).toThrow(GenesysConfigError);
    expect(() => buildGenesysArtifacts({ secure: true })).toThrow(
      /secure: .*Call Secure Data in secure call flows/,
    );
    const actionsOnly = buildGenesysArtifacts({ secure: true, flows: false });
    expect(actionsOnly.flows).toBeUndefined();
    expect(actionsOnly.trigger).toBeUndefined();
    expect(actionsOnly.actions.createIncident.secure).toBe(true);
  });

  it('defaults to secure: false', () => {
    expect(artifacts.actions.createIncident.secure).toBe(false);
    expect(artifacts.actions.getIncident.secure).toBe(false);
  });
});
