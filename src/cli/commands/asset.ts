import type { Command } from 'commander';
import type { CliIo } from '../context.js';
import { addApprovalCommands } from './asset-approvals.js';
import { addChangeCommands } from './asset-change.js';
import { addCreateCommand } from './asset-create.js';
import { addEvidenceCommand } from './asset-evidence.js';
import { componentKind, dataKind, environmentKind, modelKind, type AssetKindSpec } from './asset-kind.js';
import { addLabelCommands } from './asset-labels.js';
import { addLineageCommand } from './asset-lineage.js';
import { addReadCommands } from './asset-read.js';
import { addSpecCreateCommand } from './spec-create.js';

function addAssetGroup(program: Command, io: CliIo, kind: AssetKindSpec, description: string): void {
  const group = program.command(kind.noun).description(description);
  if (kind.source === 'spec') addSpecCreateCommand(group, io, kind);
  else addCreateCommand(group, io, kind);
  addReadCommands(group, io, kind);
  addChangeCommands(group, io, kind);
  addLabelCommands(group, io, kind);
  addLineageCommand(group, io, kind);
  addApprovalCommands(group, io, kind);
  addEvidenceCommand(group, io, kind);
}

/**
 * `arca model|data|environment|component …`, mirroring `az ml model|data|environment|component`: one
 * command set for every type; only `create` differs (a path for models and data, a YAML file for the others).
 */
export function addAssetCommands(program: Command, io: CliIo): void {
  addAssetGroup(program, io, modelKind, 'Models: versioned, tagged, aliased files in a registry or workspace');
  addAssetGroup(
    program,
    io,
    dataKind,
    'Data assets: versioned files or folders (uri_file, uri_folder, mltable) in a registry or workspace',
  );
  addAssetGroup(
    program,
    io,
    environmentKind,
    'Environments: an image or a Docker build context and conda file, from Azure-ML-style YAML; pushed images appear too',
  );
  addAssetGroup(
    program,
    io,
    componentKind,
    'Components: command components (inputs, outputs, command, environment, code) from Azure-ML-style YAML',
  );
}
