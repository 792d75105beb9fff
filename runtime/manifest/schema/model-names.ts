/** The canonical models a resource may produce; kept equal to runtime/model's list by a test. */
export const MODEL_NAMES = [
  'Company', 'Employee', 'Employment', 'PayrollRun', 'PayStatement', 'TimeEntry', 'TimeOff',
  'BackgroundCheck', 'Candidate', 'Team', 'Location',
] as const
