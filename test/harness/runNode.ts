/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Runs a node inside n8n's real execution engine (n8n-core's WorkflowExecute), so the node's
 * `this.helpers.*` are n8n's own implementations going over real sockets and the credential's
 * `authenticate` runs on every request, as in n8n.
 *
 * The workflow is `Input` → node under test. `Input` is a tiny node defined here that emits the
 * test's items and stores their binaries through n8n's `prepareBinaryData`, so the node under test
 * reads them back through the binary-data service like after any real upstream node.
 */
import type {
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IPairedItemData,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	NodeError,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';

import { JimengApi } from '../../credentials/JimengApi.credentials';
import { JimengVolcengineApi } from '../../credentials/JimengVolcengineApi.credentials';
import { Jimeng } from '../../nodes/Jimeng/Jimeng.node';
import { JimengVisual } from '../../nodes/Jimeng/JimengVisual.node';
import { HarnessCredentialsHelper } from './credentialsHelper';
import { ensureEngine, logScope, safeStringify, type LogEntry } from './engine';

export interface InputBinary {
	data: Buffer;
	mimeType: string;
	fileName?: string;
}

export interface InputItem {
	json: IDataObject;
	binary?: Record<string, InputBinary>;
}

export interface OutputBinary {
	/** The bytes, read back from n8n's binary-data store. */
	buffer: Buffer;
	mimeType: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
	fileType?: string;
	/** n8n's binary id (`filesystem-v2:…`), proof the data went through the store. */
	id?: string;
}

export interface OutputItem {
	json: IDataObject;
	binary?: Record<string, OutputBinary>;
	pairedItem?: IPairedItemData | IPairedItemData[] | number;
	/** Set by n8n on error items (continueOnFail). */
	error?: unknown;
}

/** The node's error as n8n recorded it for the failed node (what the UI shows and the DB stores). */
export class ReportedNodeError extends Error {
	/** The error object the node threw, with its class (NodeApiError, NodeOperationError, …). */
	thrown?: unknown;
	description?: string | null;
	httpCode?: string | null;
	itemIndex?: number;
	context: IDataObject = {};
	/** What n8n stored as the task's error, serialised: assert secrets never appear here. */
	serialized = '';
	/** The plain copy n8n keeps in the run data (`runData[node][0].error`). */
	reported: IDataObject = {};
}

export interface RunNodeOptions {
	/** Node parameters (as in a workflow's JSON); unset ones take the node's defaults, as in n8n. */
	parameters: INodeParameters | Record<string, unknown>;
	/** Credential data by credential type name; each given one is attached to the node. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Items that reach the node (binaries are stored through prepareBinaryData first). */
	input?: InputItem[];
	/** Node setting "On Error: Continue" (`continueRegularOutput`). */
	continueOnFail?: boolean;
	/** Node setting "On Error" itself; `continueErrorOutput` adds a second (error) output. */
	onError?: INode['onError'];
	/** Cancel the execution (the execution's abort signal fires) after this many ms. */
	cancelAfterMs?: number;
	/** Cancel the execution when this settles (e.g. when the fake upstream saw the first poll). */
	cancelWhen?: PromiseLike<unknown>;
	/** Extra credential types the harness knows (both of the package's are always known). */
	credentialTypes?: ICredentialType[];
	/** Node name in the workflow. */
	nodeName?: string;
}

export interface RunResult {
	/** The node's first main output. */
	items: OutputItem[];
	/** Every main output of the node (the second one is the error output with `continueErrorOutput`). */
	outputs: OutputItem[][];
	/** Set when the node failed (n8n stopped the workflow at it). */
	error?: ReportedNodeError;
	/** Every log line written during the run (`level: message {metadata}`). */
	logs: string[];
	logEntries: LogEntry[];
	/** The execution status n8n records (success, error, canceled, …). */
	status: ExecutionStatus;
	/** Whether the harness cancelled the run. */
	cancelled: boolean;
	/** The credential `authenticate` calls n8n made, in order. */
	authenticateCalls: HarnessCredentialsHelper['authenticateCalls'];
	credentialReads: HarnessCredentialsHelper['credentialReads'];
	/**
	 * The whole run as WorkflowExecute returned it (after a cancel: once the node has stopped).
	 * Absent when n8n refused to start the workflow (node issues such as an empty required
	 * parameter); `error` is then n8n's WorkflowHasIssuesError and the node never ran.
	 */
	run?: IRun;
	/** The run's result data as n8n would persist it, serialised (for secret-leak checks). */
	serializedRun: string;
}

const INPUT_NODE_TYPE = 'harness.input';
const PACKAGE_NODE_PREFIX = 'n8n-nodes-jimeng-seedream.';
let executionCounter = 0;

/** Emits the test's items; binaries go into n8n's binary store like any real node's output. */
function inputNodeType(items: InputItem[]): INodeType {
	return {
		description: {
			displayName: 'Harness Input',
			name: 'harnessInput',
			group: ['input'],
			version: 1,
			description: 'Emits the test items',
			defaults: { name: 'Input' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const out: INodeExecutionData[] = [];
			for (const item of items) {
				const binary: INodeExecutionData['binary'] = {};
				for (const [key, value] of Object.entries(item.binary ?? {})) {
					binary[key] = await this.helpers.prepareBinaryData(value.data, value.fileName, value.mimeType);
				}
				out.push({
					json: item.json,
					...(item.binary ? { binary } : {}),
					pairedItem: { item: 0 },
				});
			}
			return [out];
		},
	};
}

class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type "${nodeType}" in the test harness`);
		return type;
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, {}]));
	}
}

/** Same node type, with `execute` wrapped to keep the instance the node threw (n8n keeps a copy). */
function capturingNodeType(nodeType: INodeType, onThrow: (error: unknown) => void): INodeType {
	const original = nodeType.execute;
	if (!original) return nodeType;
	const wrapped = Object.create(nodeType) as INodeType;
	wrapped.execute = async function (this: IExecuteFunctions) {
		// Passes the very same rejection on to the engine.
		return await original.call(this).catch(async (error: unknown) => {
			onThrow(error);
			return await Promise.reject(error);
		});
	};
	return wrapped;
}

function additionalDataFor(
	credentialsHelper: HarnessCredentialsHelper,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
): IWorkflowExecuteAdditionalData {
	const unavailable = (what: string) => async () => {
		throw new Error(`${what} is not available in the test harness`);
	};
	const data: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper,
		hooks,
		executionId,
		workflowId: 'harness',
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		executeWorkflow: unavailable('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unavailable('startRunnerTask'),
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};
	return data as IWorkflowExecuteAdditionalData;
}

function toReportedError(reported: IDataObject, thrown: unknown): ReportedNodeError {
	const error = new ReportedNodeError(String(reported.message ?? ''));
	error.name = String(reported.name ?? (thrown as Error | undefined)?.name ?? 'Error');
	error.thrown = thrown;
	const nodeError = thrown as Partial<NodeError> | undefined;
	error.description = (reported.description as string | null | undefined) ?? nodeError?.description;
	error.httpCode = (reported.httpCode as string | null | undefined) ?? (nodeError as { httpCode?: string })?.httpCode;
	error.context = (reported.context as IDataObject | undefined) ?? (nodeError?.context as IDataObject) ?? {};
	error.itemIndex = error.context.itemIndex as number | undefined;
	error.reported = reported;
	error.serialized = safeStringify(reported);
	if (typeof reported.stack === 'string') error.stack = reported.stack;
	return error;
}

/** Runs any node type in n8n's engine behind the harness input node. */
export async function runNode(nodeType: INodeType, options: RunNodeOptions): Promise<RunResult> {
	const { binaryDataService } = await ensureEngine();
	const executionId = `harness-${++executionCounter}`;
	const nodeName = options.nodeName ?? 'Node';
	const typeName = PACKAGE_NODE_PREFIX + nodeType.description.name;

	let thrown: unknown;
	const nodeTypes = new HarnessNodeTypes({
		[INPUT_NODE_TYPE]: inputNodeType(options.input ?? [{ json: {} }]),
		[typeName]: capturingNodeType(nodeType, (error) => (thrown = error)),
	});

	const credentialsHelper = new HarnessCredentialsHelper(
		[new JimengApi(), new JimengVolcengineApi(), ...(options.credentialTypes ?? [])],
		{ ...(options.credentials ?? {}) },
	);

	const inputNode: INode = {
		id: 'input',
		name: 'Input',
		type: INPUT_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const onError = options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined);
	const testedNode: INode = {
		id: 'tested',
		name: nodeName,
		type: typeName,
		typeVersion: Array.isArray(nodeType.description.version)
			? Math.max(...nodeType.description.version)
			: nodeType.description.version,
		position: [200, 0],
		parameters: options.parameters as INodeParameters,
		credentials: Object.fromEntries(
			Object.keys(options.credentials ?? {}).map((type) => [type, { id: `cred-${type}`, name: `${type} (test)` }]),
		),
		...(onError ? { onError } : {}),
	};

	const workflow = new Workflow({
		id: 'harness',
		name: 'Harness',
		nodes: [inputNode, testedNode],
		connections: { Input: { main: [[{ node: nodeName, type: NodeConnectionTypes.Main, index: 0 }]] } },
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});

	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'harness',
		name: 'Harness',
		active: false,
		activeVersionId: null,
		isArchived: false,
		nodes: [inputNode, testedNode],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	});
	// n8n persists what this hook receives; on cancel it fires at once with status "canceled".
	let recorded: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => {
		recorded ??= fullRunData;
	});
	const additionalData = additionalDataFor(credentialsHelper, hooks, executionId);

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: inputNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	const logEntries: LogEntry[] = [];
	let cancelled = false;
	let finished = false;
	let refused: unknown;
	const run = await logScope.run(logEntries, async () => {
		const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData);
		let running: ReturnType<WorkflowExecute['processRunExecutionData']>;
		try {
			running = execution.processRunExecutionData(workflow);
		} catch (error) {
			// n8n refuses to start a workflow whose nodes have issues (e.g. a required parameter left empty).
			refused = error;
			return undefined;
		}
		const cancel = () => {
			if (finished) return;
			cancelled = true;
			running.cancel();
		};
		const timer = options.cancelAfterMs !== undefined ? setTimeout(cancel, options.cancelAfterMs) : undefined;
		void options.cancelWhen?.then(cancel, cancel);
		try {
			return await running;
		} finally {
			finished = true;
			if (timer) clearTimeout(timer);
		}
	});

	if (!run) {
		const error = refused as Error;
		const reported: IDataObject = { name: error.constructor.name, message: error.message, stack: error.stack };
		return {
			items: [],
			outputs: [],
			error: toReportedError(reported, refused),
			logs: logEntries.map((entry) => entry.text),
			logEntries,
			status: 'error',
			cancelled: false,
			authenticateCalls: credentialsHelper.authenticateCalls,
			credentialReads: credentialsHelper.credentialReads,
			serializedRun: '',
		};
	}

	const taskData = run.data.resultData.runData[nodeName]?.[0];
	const outputs: OutputItem[][] = [];
	for (const output of taskData?.data?.main ?? []) {
		const items: OutputItem[] = [];
		for (const item of output ?? []) items.push(await readBack(binaryDataService, item));
		outputs.push(items);
	}

	const reportedError = (taskData?.error ?? run.data.resultData.error) as IDataObject | undefined;
	return {
		items: outputs[0] ?? [],
		outputs,
		error: reportedError ? toReportedError(reportedError, thrown) : undefined,
		logs: logEntries.map((entry) => entry.text),
		logEntries,
		status: recorded?.status ?? run.status,
		cancelled,
		authenticateCalls: credentialsHelper.authenticateCalls,
		credentialReads: credentialsHelper.credentialReads,
		run,
		serializedRun: safeStringify(run.data.resultData),
	};
}

async function readBack(
	binaryDataService: Awaited<ReturnType<typeof ensureEngine>>['binaryDataService'],
	item: INodeExecutionData,
): Promise<OutputItem> {
	const out: OutputItem = { json: item.json, pairedItem: item.pairedItem };
	if (item.error) out.error = item.error;
	if (item.binary) {
		out.binary = {};
		for (const [key, meta] of Object.entries(item.binary)) {
			out.binary[key] = {
				buffer: await binaryDataService.getAsBuffer(meta),
				mimeType: meta.mimeType,
				fileName: meta.fileName,
				fileExtension: meta.fileExtension,
				fileSize: meta.fileSize,
				fileType: meta.fileType,
				id: meta.id,
			};
		}
	}
	return out;
}

export interface RunJimengOptions extends RunNodeOptions {
	credentials?: { jimengApi?: ICredentialDataDecryptedObject; jimengVolcengineApi?: ICredentialDataDecryptedObject };
}

/** Runs the package's API-key node (`jimeng`) in n8n's engine. */
export async function runJimeng(options: RunJimengOptions): Promise<RunResult> {
	return await runNode(new Jimeng(), { nodeName: 'Jimeng', ...options });
}

/** Runs the package's Volcengine visual API node (`jimengVisual`) in n8n's engine. */
export async function runJimengVisual(options: RunJimengOptions): Promise<RunResult> {
	return await runNode(new JimengVisual(), { nodeName: 'Jimeng Visual', ...options });
}

/** Every place a secret shows up in a run's output, error, persisted run data or logs (expect `[]`). */
export function findSecretLeaks(result: RunResult, secrets: string[]): string[] {
	const places: Array<[string, string]> = [
		['items', safeStringify(result.outputs.map((items) => items.map(({ json, error }) => ({ json, error }))))],
		['error', result.error ? `${result.error.message} ${result.error.description ?? ''} ${result.error.serialized}` : ''],
		['run data', result.serializedRun],
		['logs', result.logs.join('\n')],
	];
	const leaks: string[] = [];
	for (const secret of secrets.filter((s) => s.length > 0)) {
		for (const [where, text] of places) if (text.includes(secret)) leaks.push(`${where} contains "${secret.slice(0, 3)}…"`);
	}
	return leaks;
}
