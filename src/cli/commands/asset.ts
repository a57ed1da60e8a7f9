import type { Command } from 'commander';
import type { CliIo } from '../context.js';
import { addApprovalCommands } from './asset-approvals.js';
import { addChangeCommands } from './asset-change.js';
import { addCreateCommand } from './asset-create.js';
import { addEvidenceCommand } from './asset-evidence.js';
import { dataKind, modelKind, type AssetKindSpec } from './asset-kind.js';
import { addLabelCommands } from './asset-labels.js';
import { addReadCommands } from './asset-read.js';

function addAssetGroup(program: Command, io: CliIo, kind: AssetKindSpec, description: string): void {
  const group = program.command(kind.noun).description(description);
  addCreateCommand(group, io, kind);
  addReadCommands(group, io, kind);
  addChangeCommands(group, io, kind);
  addLabelCommands(group, io, kind);
  addApprovalCommands(group, io, kind);
  addEvidenceCommand(group, io, kind);
}

/** `arca model …` and `arca data …`, mirroring `az ml model` and `az ml data`: one command set for both types. */
export function addAssetCommands(program: Command, io: CliIo): void {
  addAssetGroup(program, io, modelKind, 'Models: versioned, tagged, aliased files in a registry or workspace');
  addAssetGroup(program, io, dataKind, 'Data assets: versioned files or folders (uri_file, uri_folder, mltable) in a registry or workspace');
}
