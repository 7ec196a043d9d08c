import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export class JimengVolcengineApi implements ICredentialType {
	name = 'jimengVolcengineApi';

	displayName = 'Jimeng Volcengine AK/SK API';

	icon = { light: 'file:../nodes/Jimeng/jimeng.svg', dark: 'file:../nodes/Jimeng/jimeng.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-jimeng-seedream/n8n-nodes-jimeng-seedream#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			required: true,
			default: '',
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary STS credentials (Access Key IDs that start with AKTP)',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: 'cn-north-1',
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: 'https://visual.volcengineapi.com',
		},
	];

	async authenticate(
		_credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.endpoint}}',
			url: '/?Action=CVSync2AsyncGetResult&Version=2022-08-31',
			method: 'POST',
		},
	};
}
