import '@servicenow/sdk/global';

declare global {
  namespace Now {
    namespace Internal {
      interface Keys extends KeysRegistry {
        explicit: {
          acl_incident_custom_call_id_write: {
            table: 'sys_security_acl';
            id: '2b991dd9d92a4c0f86febd1238f73b6b';
          };
          acl_incident_customer_address_read: {
            table: 'sys_security_acl';
            id: '7baa6eddd0fb4866888db37161d7f694';
          };
          acl_incident_customer_address_write: {
            table: 'sys_security_acl';
            id: '6fd99ff23f9341acaf819f21afb75cf5';
          };
          acl_rest_incident_bridge: {
            table: 'sys_security_acl';
            id: 'f36c3640673b42d8af35487dd74d8beb';
          };
          api_incident_bridge: {
            table: 'sys_ws_definition';
            id: '8cdc2d1b38df4d4b82cde0b39e053c74';
          };
          api_incident_bridge_v1: {
            table: 'sys_ws_version';
            id: '357f0ec8b2404b2ca9ccb69ba0f241b9';
          };
          bom_json: {
            table: 'sys_module';
            id: 'e58d144b58834cbb88fc20f92b1c823f';
          };
          br_mask_incident_on_save: {
            table: 'sys_script';
            id: 'b46b8387e62247a19a4f5db677856177';
          };
          csp_incident_create: {
            table: 'sys_scope_privilege';
            id: '75b9fa23b9c34ae6aa3541c7c6c7d639';
          };
          csp_incident_read: {
            table: 'sys_scope_privilege';
            id: 'd7dc0e89a68c43eda7eef74d41b33a68';
          };
          csp_incident_write: {
            table: 'sys_scope_privilege';
            id: '894224119cc547b58e4a03d7f1a8a3ff';
          };
          csp_sys_user_read: {
            table: 'sys_scope_privilege';
            id: '7368f16a4e7643cfbe05528a4b77668a';
          };
          package_json: {
            table: 'sys_module';
            id: '6246068b15534036a7c8d20642ab2b8b';
          };
          prop_default_caller: {
            table: 'sys_properties';
            id: '25107393d95946eda77b9283263f193e';
          };
          prop_default_impact: {
            table: 'sys_properties';
            id: '88db90c27f0b4c06a1ff1529f9ca51ca';
          };
          prop_default_urgency: {
            table: 'sys_properties';
            id: 'f721539e228f4a37be101902161d4d43';
          };
          prop_mapping_overrides: {
            table: 'sys_properties';
            id: '4e7c02d7561842518e66961d6e7834f1';
          };
          prop_mask_on_save_all_incidents: {
            table: 'sys_properties';
            id: '8a2d8abb672b4f7e9b92039d3bd4b022';
          };
          prop_masking_detectors: {
            table: 'sys_properties';
            id: 'e02d0f798cec404a9bdeefee5bf1c14a';
          };
          prop_max_body_bytes: {
            table: 'sys_properties';
            id: 'ace28cca6851479fb73d1c9809be9f18';
          };
          prop_package_fingerprint: {
            table: 'sys_properties';
            id: '3f5688d1297a40d2a18a280fda062338';
          };
          prop_phone_regions: {
            table: 'sys_properties';
            id: '558db3de922747c5a0be49bdfa73642f';
          };
          route_create_incident: {
            table: 'sys_ws_operation';
            id: 'd404cf9c34b0421ead880b973317b12e';
          };
          route_get_incident: {
            table: 'sys_ws_operation';
            id: '680563edda8f4dec9bed7c11a858d559';
          };
          'src_server_app-names_ts': {
            table: 'sys_module';
            id: '49999fee2d214ef8b516789597950068';
          };
          'src_server_core_field-error_ts': {
            table: 'sys_module';
            id: 'b269596a43094375b25767dd52504cfc';
          };
          'src_server_core_fold-digits_ts': {
            table: 'sys_module';
            id: '3539a84d76ac49a69fa25efb2384ecea';
          };
          src_server_core_generated_contract_ts: {
            table: 'sys_module';
            id: '8bb18012d4e549c4b684431ac493dc97';
          };
          'src_server_core_generated_phone-plans_ts': {
            table: 'sys_module';
            id: '693cc1fc0fbb4559bd7e588c8a7e685e';
          };
          'src_server_core_genesys-shapes_ts': {
            table: 'sys_module';
            id: '84a0b48d0af94e16bf17cea7c1ad3f90';
          };
          src_server_core_mapping_ts: {
            table: 'sys_module';
            id: 'ed41ae6b1e65444f88734885dd365c03';
          };
          src_server_core_mask_ts: {
            table: 'sys_module';
            id: '958b9c9784f9407496c050b455d09d94';
          };
          src_server_core_normalize_ts: {
            table: 'sys_module';
            id: '5ff25b5daf1a43dcb691cffc03ab111b';
          };
          'src_server_core_phone-plans_ts': {
            table: 'sys_module';
            id: '4347ae7250024f498a8f7ebf3bae3fe3';
          };
          'src_server_core_pii-checks_ts': {
            table: 'sys_module';
            id: '30912dc398c84fb7a5770798fb9aaac5';
          };
          'src_server_core_save-masking_ts': {
            table: 'sys_module';
            id: '473eccd1664246129798385be01aaa09';
          };
          'src_server_core_scan-emails_ts': {
            table: 'sys_module';
            id: 'de3c8c12ec4949d087916caff193c2db';
          };
          'src_server_core_scan-numbers_ts': {
            table: 'sys_module';
            id: '5f43ead308ac4935b1da98dbfc04e5f4';
          };
          'src_server_core_schema-check_ts': {
            table: 'sys_module';
            id: '6ab1dcf55d8548be9c3aec9a89c42737';
          };
          src_server_core_spans_ts: {
            table: 'sys_module';
            id: '62411feec45a499a9067b3ac0ee04467';
          };
          'src_server_core_text-classes_ts': {
            table: 'sys_module';
            id: '538b9830ae9d4a3eaf074eec37f7e71c';
          };
          src_server_core_utf8_ts: {
            table: 'sys_module';
            id: 'daee7b5b755c4cdcb5fa442cb6858e7d';
          };
          'src_server_incident-api_ts': {
            table: 'sys_module';
            id: 'af5e52ca33e64e8088cd5c2686c73b12';
          };
          'src_server_mask-on-save_ts': {
            table: 'sys_module';
            id: '0552df1ea3fb4ce48072ab90c730a701';
          };
          src_server_settings_ts: {
            table: 'sys_module';
            id: '5146fffdb4e44de08ac9521ab14170cf';
          };
        };
        composite: [
          {
            table: 'sys_user_role';
            id: '04bb54b20f354ea1b51288fe5b21cc99';
            key: {
              name: 'x_ibr_incbridge.admin';
            };
          },
          {
            table: 'sys_security_acl_role';
            id: '04c63f0613ca4f79b27b052dca5c33c7';
            key: {
              sys_security_acl: '6fd99ff23f9341acaf819f21afb75cf5';
              sys_user_role: {
                id: '04bb54b20f354ea1b51288fe5b21cc99';
                key: {
                  name: 'x_ibr_incbridge.admin';
                };
              };
            };
          },
          {
            table: 'sys_documentation';
            id: '39e837d1fc6342fbb5a44e475f7bc3b2';
            key: {
              name: 'incident';
              element: 'x_ibr_incbridge_customer_address';
              language: 'en';
            };
          },
          {
            table: 'sys_user_role';
            id: '49f1991fc36648c88017b4df5aee9bc0';
            key: {
              name: 'x_ibr_incbridge.integration';
            };
          },
          {
            table: 'sys_dictionary';
            id: '5eec14c929db43c6a324fa844b279d98';
            key: {
              name: 'incident';
              element: 'x_ibr_incbridge_customer_address';
            };
          },
          {
            table: 'sys_dictionary';
            id: '78bed58dd8d6460ca8008c6a2fa636b3';
            key: {
              name: 'incident';
              element: 'x_ibr_incbridge_custom_call_id';
            };
          },
          {
            table: 'sys_user_role';
            id: '89b18e1b90d8412d92d2c232bb7d1e2c';
            key: {
              name: 'x_ibr_incbridge.pii_reader';
            };
          },
          {
            table: 'sys_documentation';
            id: '9748f39a97f34b0796b6aadb02b98ebf';
            key: {
              name: 'incident';
              element: 'x_ibr_incbridge_custom_call_id';
              language: 'en';
            };
          },
          {
            table: 'sys_security_acl_role';
            id: 'a248cd5dbe3a48b6b7c4af9ca119d8ba';
            key: {
              sys_security_acl: '7baa6eddd0fb4866888db37161d7f694';
              sys_user_role: {
                id: '89b18e1b90d8412d92d2c232bb7d1e2c';
                key: {
                  name: 'x_ibr_incbridge.pii_reader';
                };
              };
            };
          },
          {
            table: 'sys_security_acl_role';
            id: 'a281622f66ef4da988847f1971db136f';
            key: {
              sys_security_acl: 'f36c3640673b42d8af35487dd74d8beb';
              sys_user_role: {
                id: '49f1991fc36648c88017b4df5aee9bc0';
                key: {
                  name: 'x_ibr_incbridge.integration';
                };
              };
            };
          },
          {
            table: 'sys_dictionary';
            id: 'a838fea1b11241888238331b3d408465';
            key: {
              name: 'incident';
              element: 'x_ibr_incbridge_channel';
            };
          },
          {
            table: 'sys_security_acl_role';
            id: 'bfc54fcb00cc4e9cb3a598b1a14467b4';
            key: {
              sys_security_acl: '2b991dd9d92a4c0f86febd1238f73b6b';
              sys_user_role: {
                id: '04bb54b20f354ea1b51288fe5b21cc99';
                key: {
                  name: 'x_ibr_incbridge.admin';
                };
              };
            };
          },
          {
            table: 'sys_documentation';
            id: 'e898aa58625747af8a539b6a017b2670';
            key: {
              name: 'incident';
              element: 'x_ibr_incbridge_channel';
              language: 'en';
            };
          },
        ];
      }
    }
  }
}
