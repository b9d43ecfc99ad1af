// The torchvision architecture examples exported as `dlmodel export` writes them (model.py,
// dlmodel_support.py, init.safetensors), loaded in real PyTorch: the module must have PyTorch's
// parameter count, running statistics and num_batches_tracked buffers (test/fixtures/architectures/
// torchvision.json, from scripts/reference/torchvision_architectures.py), accept dlmodel's initial
// weights with a strict load_state_dict (same names, same shapes), and map one [1, 3, 224, 224]
// image to the same output shape. No training: one eval forward pass of batch 1 per model, in one
// Python process, so that a busy CI machine does it in seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument } from '../../core/analysis';
import { runStreams } from '../../core/common/random';
import { exportPytorch } from '../../core/export';
import { Network } from '../../core/nn/network';
import { fromRoot } from '../helpers/paths';
import { python, scratch, torchMissing, writeFiles } from './helpers';

interface TorchvisionModel {
  readonly name: string;
  readonly file: string;
  readonly output: number[];
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  readonly numBatchesTracked: number;
}

interface Measured {
  readonly className: string;
  readonly parameters: number;
  readonly runningStatistics: number;
  readonly numBatchesTracked: number;
  readonly output: number[];
}

const reference = JSON.parse(readFileSync(fromRoot('test/fixtures/architectures/torchvision.json'), 'utf8')) as { models: TorchvisionModel[] };

const measure = `
import importlib.util, json, sys, torch
torch.set_num_threads(1)
results = []
for folder in sys.argv[1:]:
    sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location("model_" + str(len(results)), folder + "/model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import dlmodel_support
    cls = next(v for v in vars(module).values() if isinstance(v, type) and issubclass(v, torch.nn.Module) and v.__module__ == module.__name__)
    model = cls().eval()
    tensors, _ = dlmodel_support.load_safetensors(folder + "/init.safetensors")
    # Not strict only because dlmodel keeps no num_batches_tracked; a shape mismatch still raises.
    missing = model.load_state_dict(tensors, strict=False)
    buffers = dict(model.named_buffers())
    with torch.no_grad():
        out = model(torch.zeros(1, *cls.INPUT_SHAPE))
    results.append({
        "className": cls.__name__,
        "parameters": sum(p.numel() for p in model.parameters()),
        "runningStatistics": sum(b.numel() for n, b in buffers.items() if n.endswith(("running_mean", "running_var"))),
        "numBatchesTracked": sum(1 for n in buffers if n.endswith("num_batches_tracked")),
        "unexpected": list(missing.unexpected_keys),
        "missing": [k for k in missing.missing_keys if not k.endswith("num_batches_tracked")],
        "output": list(out.shape[1:]),
    })
    sys.path.remove(folder)
    del sys.modules["dlmodel_support"]
print(json.dumps(results))
`;

test('the exported model.py of each torchvision architecture has PyTorch\'s counts, loads dlmodel\'s weights and gives its output shape', { skip: torchMissing() }, () => {
  const folders = reference.models.map((expected, i) => {
    const text = readFileSync(fromRoot(expected.file), 'utf8');
    const model = checkDocument(text).models[0]!;
    const exported = exportPytorch({ model, network: new Network(model, runStreams(0).init), source: { text, fileName: expected.file } });
    if (!exported.ok) throw new Error(exported.message);
    const folder = scratch(`torchvision-${i}`);
    writeFiles(folder, exported.files);
    return folder;
  });
  const run = spawnSync(python, ['-c', measure, ...folders], { encoding: 'utf8', timeout: 600_000 });
  assert.equal(run.status, 0, run.stderr);
  const measured = JSON.parse(run.stdout) as (Measured & { unexpected: string[]; missing: string[] })[];
  reference.models.forEach((expected, i) => {
    const got = measured[i]!;
    assert.deepEqual(
      { className: got.className, parameters: got.parameters, runningStatistics: got.runningStatistics, numBatchesTracked: got.numBatchesTracked, output: got.output, unexpected: got.unexpected, missing: got.missing },
      { className: expected.name, parameters: expected.trainableParams, runningStatistics: expected.nonTrainableParams, numBatchesTracked: expected.numBatchesTracked, output: expected.output, unexpected: [], missing: [] },
      `${expected.file} in PyTorch (${join(folders[i]!, 'model.py')})`,
    );
  });
});
