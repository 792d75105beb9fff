/**
 * @module Team: a department, team or other group of employees (Gusto/Zenefits departments, Rippling teams).
 */
import { type Static } from '@sinclair/typebox'
import { Essential, Field, Id, Model, StringEnum, Text } from './common.ts'

export const TEAM_TYPES = ['DEPARTMENT', 'TEAM', 'DIVISION', 'COST_CENTER', 'GROUP'] as const

export const Team = Model({ title: 'Team', file: 'team.json', description: 'A named group of employees: department, team, division, cost centre or other group.' }, {
  name: Essential(Text, 'Name of the group.', ['Engineering', 'North America']),
  type: Field(StringEnum(TEAM_TYPES), 'Kind of group (BambooHR `division` → DIVISION, Zenefits labor groups → GROUP).', ['DEPARTMENT', 'TEAM']),
  parentTeamId: Field(Id, 'remoteId of the enclosing Team.', ['dept_1']),
  managerId: Field(Id, 'remoteId of the Employee leading the group.', ['5d3777868a9f4e2b5e467fc9']),
  companyId: Field(Id, 'remoteId of the Company the group belongs to.', ['123730']),
  code: Field(Text, 'Short code or number the company uses for the group.', ['ENG', '1']),
})
export type Team = Static<typeof Team>
