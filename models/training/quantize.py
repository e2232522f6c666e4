"""row8 quantization with python3-onnx + numpy only (onnxruntime.quantization is not in Debian).

- every Gemm (transB=1, as torch exports nn.Linear) and every MatMul with a 2-D float initializer W[K,N] becomes
    per-ROW asymmetric uint8 quantization of the activations x[M,K], built from standard ops:
      lo = min(0, min_k x), hi = max(0, max_k x)           (ReduceMin/ReduceMax over axis 1, keepdims)
      s  = (hi - lo) / 255, or 1 when hi == lo            (Where)
      zp = clip(round(-lo / s), 0, 255)
      xq = uint8(clip(round(x / s) + zp, 0, 255))
    MatMulInteger(xq, Wq:int8)                             W quantized per output column, symmetric
    (float(acc) - zp * colsum(Wq)) * (s * ws[N]) (+ bias)  the zero point is folded out, as MatMulInteger in
                                                           onnxruntime takes only a per-tensor zero point
- the graph is re-sorted topologically and checked with onnx.checker.

Why per row: with DynamicQuantizeLinear (per tensor) a line's probabilities depend on the other rows of its
batch, so the host had to run rows one at a time; per-row scales make every row independent of its
neighbours, and the host can score a whole document in one run.

`Int8Reference` re-implements the quantized graph in numpy (onnxruntime's semantics: round half to even,
float32 arithmetic in the same order), so the training run records the shipped graph's probabilities without
onnxruntime.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def _topo_sort(graph):
    produced = {i.name for i in graph.initializer} | {i.name for i in graph.input}
    nodes = list(graph.node)
    out = []
    while nodes:
        progressed = False
        for n in list(nodes):
            if all((not x) or x in produced for x in n.input):
                out.append(n)
                produced.update(n.output)
                nodes.remove(n)
                progressed = True
        if not progressed:
            raise RuntimeError("graph has a cycle or a missing input")
    del graph.node[:]
    graph.node.extend(out)


def _linear_of(node, inits):
    """(input name, W[K,N] float32, bias or None, initializer names consumed) of a Gemm/MatMul node, or None."""
    if node.op_type == "Gemm":
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0 or attrs.get("transA", 0):
            raise ValueError("unsupported Gemm attributes")
        w = numpy_helper.to_array(inits[node.input[1]]).astype(np.float32)
        if attrs.get("transB", 0):
            w = w.T
        has_bias = len(node.input) > 2 and bool(node.input[2])
        bias = numpy_helper.to_array(inits[node.input[2]]).astype(np.float32) if has_bias else None
        return node.input[0], w, bias, {node.input[1]} | ({node.input[2]} if has_bias else set())
    if node.op_type == "MatMul" and node.input[1] in inits:
        return node.input[0], numpy_helper.to_array(inits[node.input[1]]).astype(np.float32), None, {node.input[1]}
    return None


def quantize_row8(src_path: str, dst_path: str) -> None:
    model = onnx.load(src_path)
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    new_nodes, new_inits, drop_inits = [], [], set()
    shared = {"zero": np.array(0.0, np.float32), "qmax": np.array(255.0, np.float32), "one": np.array(1.0, np.float32)}
    for name, value in shared.items():
        new_inits.append(numpy_helper.from_array(value, "row8_" + name))
    zero, qmax, one = "row8_zero", "row8_qmax", "row8_one"
    k = 0
    for node in g.node:
        linear = _linear_of(node, inits)
        if linear is None:
            new_nodes.append(node)
            continue
        x, w, bias, consumed = linear
        drop_inits |= consumed
        if w.ndim != 2:
            raise ValueError("only 2-D weights are supported")
        p = "q%d_" % k
        k += 1
        ws = np.abs(w).max(axis=0) / 127.0
        ws[ws == 0] = 1.0
        wq = np.clip(np.rint(w / ws), -127, 127).astype(np.int8)
        colsum = wq.astype(np.int64).sum(axis=0).astype(np.float32).reshape(1, -1)
        new_inits += [numpy_helper.from_array(wq, p + "Wq"), numpy_helper.from_array(ws.astype(np.float32), p + "Ws"),
                      numpy_helper.from_array(colsum, p + "colsum")]

        def node_(op, inputs, output, **attrs):
            new_nodes.append(helper.make_node(op, inputs, [p + output], name=p + output, **attrs))
            return p + output

        hi = node_("Max", [node_("ReduceMax", [x], "rowmax", axes=[1], keepdims=1), zero], "hi")
        lo = node_("Min", [node_("ReduceMin", [x], "rowmin", axes=[1], keepdims=1), zero], "lo")
        span = node_("Sub", [hi, lo], "span")
        scale = node_("Where", [node_("Equal", [span, zero], "flat"), one, node_("Div", [span, qmax], "step")], "xs")
        zp = node_("Clip", [node_("Round", [node_("Div", [node_("Neg", [lo], "neglo"), scale], "zpraw")], "zpround"), zero, qmax], "xzp")
        xq_f = node_("Clip", [node_("Add", [node_("Round", [node_("Div", [x, scale], "xdiv")], "xround"), zp], "xshift"), zero, qmax], "xclip")
        xq = node_("Cast", [xq_f], "xq", to=TensorProto.UINT8)
        acc = node_("Cast", [node_("MatMulInteger", [xq, p + "Wq"], "mmi")], "mmf", to=TensorProto.FLOAT)
        centred = node_("Sub", [acc, node_("Mul", [zp, p + "colsum"], "zpcorr")], "centred")
        deq_scale = node_("Mul", [scale, p + "Ws"], "scale")
        out = node.output[0]
        if bias is not None:
            new_inits.append(numpy_helper.from_array(bias, p + "B"))
            deq = node_("Mul", [centred, deq_scale], "deq")
            new_nodes.append(helper.make_node("Add", [deq, p + "B"], [out], name=p + "bias"))
        else:
            new_nodes.append(helper.make_node("Mul", [centred, deq_scale], [out], name=p + "deq"))
    kept = [i for i in g.initializer if i.name not in drop_inits]
    del g.initializer[:]
    g.initializer.extend(kept + new_inits)
    del g.node[:]
    g.node.extend(new_nodes)
    _topo_sort(g)
    del g.value_info[:]
    model.producer_name = "drydock-quantize-row8"
    model.producer_version = "1"
    onnx.checker.check_model(model)
    onnx.save(model, dst_path)


class Int8Reference:
    """numpy forward pass of a row8 model produced by quantize_row8 from an MLP (Linear/ReLU/Softmax)."""

    def __init__(self, path: str):
        m = onnx.load(path)
        self.inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
        # int8 weights as float64: integer products and sums stay exact (|sum| < 2**53), and BLAS is fast
        for k, v in list(self.inits.items()):
            if v.dtype == np.int8:
                self.inits[k] = v.astype(np.float64)
        self.nodes = list(m.graph.node)
        self.input = m.graph.input[0].name
        self.output = m.graph.output[0].name

    def run(self, x: np.ndarray) -> np.ndarray:
        env = dict(self.inits)
        env[self.input] = x.astype(np.float32)
        f32 = np.float32
        for n in self.nodes:
            i = [env[a] if a else None for a in n.input]
            attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            t = n.op_type
            if t == "ReduceMax":
                r = i[0].max(axis=tuple(attrs["axes"]), keepdims=True)
            elif t == "ReduceMin":
                r = i[0].min(axis=tuple(attrs["axes"]), keepdims=True)
            elif t == "Max":
                r = np.maximum(i[0], i[1]).astype(f32)
            elif t == "Min":
                r = np.minimum(i[0], i[1]).astype(f32)
            elif t == "Sub":
                r = (i[0] - i[1]).astype(f32)
            elif t == "Div":
                r = (i[0] / i[1]).astype(f32)
            elif t == "Neg":
                r = (-i[0]).astype(f32)
            elif t == "Equal":
                r = i[0] == i[1]
            elif t == "Where":
                r = np.where(i[0], i[1], i[2]).astype(f32)
            elif t == "Round":
                r = np.rint(i[0]).astype(f32)
            elif t == "Clip":
                r = np.clip(i[0], i[1], i[2]).astype(f32)
            elif t == "Cast":
                r = i[0].astype(np.uint8) if attrs["to"] == TensorProto.UINT8 else i[0].astype(f32)
            elif t == "MatMulInteger":
                r = np.rint(i[0].astype(np.float64) @ i[1]).astype(np.int32)
            elif t == "Mul":
                r = (i[0] * i[1]).astype(f32)
            elif t == "Add":
                r = (i[0] + i[1]).astype(f32)
            elif t == "Relu":
                r = np.maximum(i[0], 0).astype(f32)
            elif t == "Softmax":
                z = i[0] - i[0].max(axis=-1, keepdims=True)
                e = np.exp(z)
                r = (e / e.sum(axis=-1, keepdims=True)).astype(f32)
            elif t == "Log":
                r = np.log(i[0]).astype(f32)
            elif t == "Constant":
                r = numpy_helper.to_array(attrs["value"])
            elif t == "Identity":
                r = i[0]
            else:
                raise NotImplementedError(t)
            env[n.output[0]] = r
        return env[self.output]
