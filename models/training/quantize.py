"""dyn8 quantization with python3-onnx + numpy only (onnxruntime.quantization is not in Debian).

- every Gemm (transB=1, as torch exports nn.Linear) becomes MatMul + Add;
- every MatMul with a 2-D float initializer W[K,N] becomes
    DynamicQuantizeLinear(x) -> (xq:uint8, xs, xzp)
    MatMulInteger(xq, Wq:int8, xzp)            # W quantized per output column, symmetric, zero point 0
    Cast(int32 -> float) * (xs * ws[N]) (+ bias)
- the graph is re-sorted topologically and checked with onnx.checker.

`Dyn8Reference` re-implements the quantized graph in numpy (the semantics of ONNX DynamicQuantizeLinear /
MatMulInteger as onnxruntime implements them: round half to even, scale 1 when the tensor's range is 0), so the
training run can record dyn8 probabilities without onnxruntime. Activation quantization is per TENSOR, i.e.
over the whole batch: probabilities depend (slightly) on which rows share a batch; the reference runs rows one
at a time (batch 1), which is what golden.json and the card's metrics use.
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


def quantize_dyn8(src_path: str, dst_path: str) -> None:
    model = onnx.load(src_path)
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    new_nodes = []
    new_inits = []
    drop_inits = set()
    k = 0
    for node in g.node:
        if node.op_type == "Gemm":
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            if attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0 or attrs.get("transA", 0):
                raise ValueError("unsupported Gemm attributes")
            x, w_name = node.input[0], node.input[1]
            w = numpy_helper.to_array(inits[w_name]).astype(np.float32)
            if attrs.get("transB", 0):
                w = w.T
            bias = numpy_helper.to_array(inits[node.input[2]]).astype(np.float32) if len(node.input) > 2 and node.input[2] else None
            drop_inits.add(w_name)
            if bias is not None:
                drop_inits.add(node.input[2])
        elif node.op_type == "MatMul" and node.input[1] in inits:
            x = node.input[0]
            w = numpy_helper.to_array(inits[node.input[1]]).astype(np.float32)
            bias = None
            drop_inits.add(node.input[1])
        else:
            new_nodes.append(node)
            continue
        if w.ndim != 2:
            raise ValueError("only 2-D weights are supported")
        p = "q%d_" % k
        k += 1
        ws = np.abs(w).max(axis=0) / 127.0
        ws[ws == 0] = 1.0
        wq = np.clip(np.rint(w / ws), -127, 127).astype(np.int8)
        new_inits.append(numpy_helper.from_array(wq, p + "Wq"))
        new_inits.append(numpy_helper.from_array(ws.astype(np.float32), p + "Ws"))
        new_nodes.append(helper.make_node("DynamicQuantizeLinear", [x], [p + "xq", p + "xs", p + "xzp"], name=p + "dql"))
        new_nodes.append(helper.make_node("MatMulInteger", [p + "xq", p + "Wq", p + "xzp"], [p + "mmi"], name=p + "mmi"))
        new_nodes.append(helper.make_node("Cast", [p + "mmi"], [p + "mmf"], to=TensorProto.FLOAT, name=p + "cast"))
        new_nodes.append(helper.make_node("Mul", [p + "xs", p + "Ws"], [p + "scale"], name=p + "scale"))
        out = node.output[0]
        if bias is not None:
            new_inits.append(numpy_helper.from_array(bias, p + "B"))
            new_nodes.append(helper.make_node("Mul", [p + "mmf", p + "scale"], [p + "deq"], name=p + "deq"))
            new_nodes.append(helper.make_node("Add", [p + "deq", p + "B"], [out], name=p + "bias"))
        else:
            new_nodes.append(helper.make_node("Mul", [p + "mmf", p + "scale"], [out], name=p + "deq"))
    kept = [i for i in g.initializer if i.name not in drop_inits]
    del g.initializer[:]
    g.initializer.extend(kept + new_inits)
    del g.node[:]
    g.node.extend(new_nodes)
    _topo_sort(g)
    del g.value_info[:]
    model.producer_name = "drydock-quantize-dyn8"
    model.producer_version = "1"
    onnx.checker.check_model(model)
    onnx.save(model, dst_path)


class Dyn8Reference:
    """numpy forward pass of a dyn8 model produced by quantize_dyn8 from an MLP (Linear/ReLU/Softmax)."""

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

    @staticmethod
    def dql(x):
        x = x.astype(np.float32)
        mn = np.float32(min(0.0, float(x.min())))
        mx = np.float32(max(0.0, float(x.max())))
        scale = np.float32(1.0) if mx == mn else np.float32((mx - mn) / np.float32(255.0))
        zp = np.float32(np.clip(np.rint(np.float32(0.0) - mn / scale), 0, 255))
        q = np.clip(np.rint(x / scale) + zp, 0, 255).astype(np.uint8)
        return q, scale, np.uint8(zp)

    def run_batch(self, x: np.ndarray) -> np.ndarray:
        env = dict(self.inits)
        env[self.input] = x.astype(np.float32)
        for n in self.nodes:
            i = [env[a] if a else None for a in n.input]
            t = n.op_type
            if t == "DynamicQuantizeLinear":
                q, s, z = self.dql(i[0])
                env[n.output[0]], env[n.output[1]], env[n.output[2]] = q, s, z
            elif t == "MatMulInteger":
                a = i[0].astype(np.float64) - (float(i[2]) if len(i) > 2 and i[2] is not None else 0.0)
                env[n.output[0]] = np.rint(a @ i[1]).astype(np.int32)
            elif t == "Cast":
                env[n.output[0]] = i[0].astype(np.float32)
            elif t == "Mul":
                env[n.output[0]] = (i[0] * i[1]).astype(np.float32)
            elif t == "Add":
                env[n.output[0]] = (i[0] + i[1]).astype(np.float32)
            elif t == "Relu":
                env[n.output[0]] = np.maximum(i[0], 0).astype(np.float32)
            elif t == "Softmax":
                z = i[0] - i[0].max(axis=-1, keepdims=True)
                e = np.exp(z)
                env[n.output[0]] = (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)
            elif t == "Identity":
                env[n.output[0]] = i[0]
            else:
                raise NotImplementedError(t)
        return env[self.output]

    def run_rows(self, x: np.ndarray) -> np.ndarray:
        """batch-1 semantics for every row"""
        return np.concatenate([self.run_batch(x[r:r + 1]) for r in range(x.shape[0])], axis=0)
