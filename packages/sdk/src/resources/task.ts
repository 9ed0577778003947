import type { TaskCreateParams, TaskUpdateParams } from '../types.js';
import { RecordResource } from './record-resource.js';

/** `client.task`: `/v1/tasks`. */
export class Task extends RecordResource<TaskCreateParams, TaskUpdateParams> {
  protected readonly plural = 'tasks';
}
