import { describe, expect, it } from 'vitest';
import {
  buildGenesysArtifacts,
  CUSTOMER_END_TOPIC,
  escapeTerraformTemplate,
  FLOW_FILES,
  TERRAFORM_INTEGRATION_VARIABLE,
  unescapeTerraformTemplate,
  type PostActionInput,
} from '../../genesys/index.ts';

type Resource = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const artifacts = buildGenesysArtifacts();
const tf = JSON.parse(JSON.stringify(artifacts.terraform)) as Resource;
const resources = tf.resource.genesyscloud_integration_action as Record<string, Resource>;

/** Every string in the module whose `${` is a real Terraform interpolation. */
function interpolations(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(...(value.match(/(?<!\$)\$\{[^}]*\}/g) ?? []));
  else if (value !== null && typeof value === 'object')
    Object.values(value).forEach((v) => interpolations(v, found));
  return found;
}

describe('the Terraform (CX as Code) export', () => {
  it('is well-formed JSON with the provider and one resource per action', () => {
    expect(tf.terraform.required_providers.genesyscloud.source).toBe('mypurecloud/genesyscloud');
    expect(Object.keys(resources).sort()).toEqual([
      'create_servicenow_incident',
      'get_servicenow_incident',
    ]);
  });

  it('interpolates nothing but the integration id variable', () => {
    expect(new Set(interpolations(tf))).toEqual(
      new Set([
        `\${var.${TERRAFORM_INTEGRATION_VARIABLE}}`,
        // the flow files next to the module, and the workflow the trigger targets
        '${path.module}',
        '${filesha256("${path.module}',
        '${genesyscloud_flow.incident_bridge_conversation_end.id}',
      ]),
    );
    expect(tf.variable[TERRAFORM_INTEGRATION_VARIABLE].type).toBe('string');
  });

  it.each([
    ['create_servicenow_incident', artifacts.actions.createIncident],
    ['get_servicenow_incident', artifacts.actions.getIncident],
  ] as Array<[string, PostActionInput]>)('%s reads back as the action JSON', (name, action) => {
    const r = resources[name]!;
    const u = unescapeTerraformTemplate;
    expect(u(r.name)).toBe(action.name);
    expect(u(r.category)).toBe(action.category);
    expect(r.secure).toBe(action.secure);
    expect(r.config_timeout_seconds).toBe(action.config.timeoutSeconds);
    expect(JSON.parse(u(r.contract_input))).toEqual(action.contract.input.inputSchema);
    expect(JSON.parse(u(r.contract_output))).toEqual(action.contract.output.successSchema);
    const request = action.config.request!;
    expect(u(r.config_request.request_url_template)).toBe(request.requestUrlTemplate);
    expect(r.config_request.request_type).toBe(request.requestType);
    expect(u(r.config_request.request_template)).toBe(request.requestTemplate);
    expect(r.config_request.headers).toEqual(request.headers);
    const response = action.config.response!;
    expect(u(r.config_response.success_template)).toBe(response.successTemplate);
    expect(r.config_response.translation_map).toEqual(response.translationMap);
    expect(r.config_response.translation_map_defaults).toEqual(response.translationMapDefaults);
  });

  it('uses a real integration id as the variable default', () => {
    const withId = buildGenesysArtifacts({ integrationId: 'f00-ba4' }).terraform as Resource;
    expect(withId.variable[TERRAFORM_INTEGRATION_VARIABLE].default).toBe('f00-ba4');
    expect(
      (artifacts.terraform as Resource).variable[TERRAFORM_INTEGRATION_VARIABLE],
    ).not.toHaveProperty('default');
  });

  it('escapes and unescapes template markers losslessly', () => {
    const text = '${a} $${b} %{c} %%{d} $x #if(';
    expect(escapeTerraformTemplate(text)).toBe('$${a} $$${b} %%{c} %%%{d} $x #if(');
    expect(unescapeTerraformTemplate(escapeTerraformTemplate('${a} %{c} $x'))).toBe('${a} %{c} $x');
  });
});

describe('the Terraform export of flows and the trigger', () => {
  const flows = tf.resource.genesyscloud_flow as Record<string, Resource>;
  const triggers = tf.resource.genesyscloud_processautomation_trigger as Record<string, Resource>;

  it('imports every generated flow file, re-imported when its content changes', () => {
    expect(
      Object.values(flows)
        .map((f) => f.filepath)
        .sort(),
    ).toEqual(
      Object.values(FLOW_FILES)
        .map((file) => `\${path.module}/${file}`)
        .sort(),
    );
    for (const flow of Object.values(flows))
      expect(flow.file_content_hash).toBe(`\${filesha256("${flow.filepath as string}")}`);
  });

  it('deploys the module after the create action and every caller after the module', () => {
    expect(flows.incident_bridge_module!.depends_on).toEqual([
      'genesyscloud_integration_action.create_servicenow_incident',
    ]);
    for (const [name, flow] of Object.entries(flows))
      if (name !== 'incident_bridge_module')
        expect(flow.depends_on, name).toEqual(['genesyscloud_flow.incident_bridge_module']);
  });

  it('carries the trigger on the workflow, with the generated match criteria', () => {
    const trigger = triggers.incident_bridge_conversation_end!;
    expect(trigger.topic_name).toBe(CUSTOMER_END_TOPIC);
    expect(trigger.target).toEqual({
      id: '${genesyscloud_flow.incident_bridge_conversation_end.id}',
      type: 'Workflow',
      workflow_target_settings: { data_format: 'TopLevelPrimitives' },
    });
    expect(JSON.parse(unescapeTerraformTemplate(trigger.match_criteria))).toEqual(
      artifacts.trigger!.matchCriteria,
    );
    expect(trigger.event_ttl_seconds).toBe(artifacts.trigger!.eventTTLSeconds);
    expect(trigger.enabled).toBe(true);
  });
});
