import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class JimengApi implements ICredentialType {
	name = 'jimengApi';

	displayName = 'Jimeng API';

	icon = { light: 'file:../nodes/Jimeng/jimeng.svg', dark: 'file:../nodes/Jimeng/jimeng.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-jimeng-seedream/n8n-nodes-jimeng-seedream#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'url',
			type: 'string',
			default: 'https://ark.cn-beijing.volces.com/api/v3',
			placeholder: 'https://host/v1',
			description:
				'Base URL of the OpenAI-compatible API, without the trailing /images/…: Volcengine Ark is https://ark.cn-beijing.volces.com/api/v3, relays look like https://host/v1, OpenAI is https://api.openai.com/v1',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.url.replace(/\\/+$/, "")}}', url: '/models' },
	};
}
