#include "infercost/selfhost/architecture.hpp"

#include "infercost/core/error.hpp"

#include <algorithm>

namespace infercost {

double ModelArchitecture::attention_params_per_layer() const {
    const double h = hidden;
    if (attention() == AttentionKind::mla) {
        const double qk = qk_nope_head_dim + qk_rope_head_dim;
        const double q = q_lora_rank > 0 ? h * q_lora_rank + double(q_lora_rank) * heads * qk : h * heads * qk;
        const double kv_down = h * (kv_lora_rank + qk_rope_head_dim);
        const double kv_up = double(kv_lora_rank) * heads * (qk_nope_head_dim + v_head_dim);
        const double out = double(heads) * v_head_dim * h;
        return q + kv_down + kv_up + out;
    }
    const double q = h * heads * head_dim * (attention_output_gate ? 2.0 : 1.0);
    return q + 2 * h * kv_heads * head_dim + double(heads) * head_dim * h;
}

double ModelArchitecture::linear_attention_params_per_layer() const {
    if (linear_layers == 0) return 0;
    const double h = hidden;
    const double key = double(linear_key_heads) * linear_key_head_dim, value = double(linear_value_heads) * linear_value_head_dim;
    // in_proj_qkvz (q, k, v and the output gate z), in_proj_ba (beta and the decay per value head), the causal
    // convolution over q, k and v, out_proj.
    return h * (2 * key + 2 * value) + h * 2.0 * linear_value_heads + (2 * key + value) * linear_conv_kernel + value * h;
}

double ModelArchitecture::linear_state_bytes(double bytes) const {
    if (linear_layers == 0) return 0;
    const double key = double(linear_key_heads) * linear_key_head_dim, value = double(linear_value_heads) * linear_value_head_dim;
    const double recurrent = double(linear_value_heads) * linear_key_head_dim * linear_value_head_dim * 4.0;  // FP32
    const double conv = (2 * key + value) * std::max(0, linear_conv_kernel - 1) * bytes;
    return linear_layers * (recurrent + conv);
}

double ModelArchitecture::linear_attention_flops_per_token() const {
    // Per value head: decay and rank-one update of the dk x dv state, and the query read-out: about 4 dk dv.
    return 4.0 * linear_value_heads * linear_key_head_dim * linear_value_head_dim;
}

double ModelArchitecture::indexer_params_per_layer() const {
    if (!is_sparse_attention()) return 0;
    // Query up-projection from the query latent, the key projection, and the per-head weights from the hidden state.
    const double q_in = q_lora_rank > 0 ? q_lora_rank : hidden;
    return q_in * index_heads * index_head_dim + double(hidden) * index_head_dim + double(hidden) * index_heads;
}

double ModelArchitecture::attended_tokens(double context) const {
    return is_sparse_attention() ? std::min<double>(context, index_topk) : context;
}

double ModelArchitecture::indexer_flops_per_pair() const {
    return is_sparse_attention() ? 2.0 * index_heads * index_head_dim : 0.0;
}

double ModelArchitecture::dense_ffn_params() const { return 3.0 * hidden * dense_intermediate; }
double ModelArchitecture::expert_params() const { return 3.0 * hidden * expert_intermediate; }
double ModelArchitecture::shared_expert_params() const { return shared_experts * expert_params(); }
double ModelArchitecture::router_params() const { return double(hidden) * experts; }
double ModelArchitecture::lm_head_params() const { return double(vocab) * hidden; }
double ModelArchitecture::embedding_params() const { return lm_head_params() * (tied_embeddings ? 1 : 2); }

double ModelArchitecture::routed_expert_params_total() const { return double(moe_layers()) * experts * expert_params(); }

double ModelArchitecture::total_params() const {
    double p = embedding_params() + (layers - linear_layers) * (attention_params_per_layer() + indexer_params_per_layer()) +
               linear_layers * linear_attention_params_per_layer();
    if (!is_moe()) return p + layers * dense_ffn_params();
    p += dense_layers * dense_ffn_params();
    p += moe_layers() * (experts * expert_params() + shared_expert_params() + router_params());
    return p;
}

double ModelArchitecture::active_params() const {
    return total_params() - double(moe_layers()) * (experts - experts_per_token) * expert_params();
}

double ModelArchitecture::kv_bytes_per_token_per_layer(double bytes) const {
    const double indexer = is_sparse_attention() ? index_head_dim * 1.0 + 4.0 : 0.0;  // FP8 key + FP32 scale
    if (attention() == AttentionKind::mla) return double(kv_lora_rank + qk_rope_head_dim) * bytes + indexer;
    return 2.0 * kv_heads * head_dim * bytes + indexer;
}

double ModelArchitecture::kv_bytes_per_token(double bytes) const {
    return full_attention_layers() * kv_bytes_per_token_per_layer(bytes);
}

double ModelArchitecture::kv_bytes(double context, double bytes) const {
    const double per_layer = kv_bytes_per_token_per_layer(bytes);
    double b = full_attention_layers() * per_layer * context;
    if (sliding_layers > 0) b += sliding_layers * per_layer * std::min<double>(context, sliding_window);
    return b + linear_state_bytes(bytes);
}

double ModelArchitecture::prefill_attention_flops_per_pair() const {
    if (attention() == AttentionKind::mla)
        return 2.0 * heads * (qk_nope_head_dim + qk_rope_head_dim) + 2.0 * heads * v_head_dim;
    return 4.0 * heads * head_dim;
}

double ModelArchitecture::decode_attention_flops_per_token() const {
    // MLA with absorbed up-projections: scores against the 512+64 latent, values in the 512 latent.
    if (attention() == AttentionKind::mla) return 2.0 * heads * (kv_lora_rank + qk_rope_head_dim) + 2.0 * heads * kv_lora_rank;
    return 4.0 * heads * head_dim;
}

void ModelArchitecture::validate() const {
    const std::string where = "model '" + id + "'";
    auto need = [&](bool ok, const std::string& what) {
        if (!ok) throw InputError(where + ": " + what);
    };
    need(layers > 0, "num_hidden_layers must be positive");
    need(hidden > 0, "hidden_size must be positive");
    need(heads > 0, "num_attention_heads must be positive");
    need(vocab > 0, "vocab_size must be positive");
    if (attention() == AttentionKind::mla) {
        need(qk_rope_head_dim > 0 && qk_nope_head_dim > 0 && v_head_dim > 0,
             "an MLA model needs qk_nope_head_dim, qk_rope_head_dim and v_head_dim");
    } else {
        need(head_dim > 0, "head_dim must be positive");
        need(kv_heads > 0 && kv_heads <= heads && heads % kv_heads == 0,
             "num_key_value_heads must divide num_attention_heads");
    }
    if (is_moe()) {
        need(experts_per_token > 0 && experts_per_token <= experts, "num_experts_per_tok must be between 1 and the expert count");
        need(expert_intermediate > 0, "an MoE model needs the expert FFN width (moe_intermediate_size)");
        need(dense_layers >= 0 && dense_layers < layers, "first_k_dense_replace must be below num_hidden_layers");
        need(dense_layers == 0 || dense_intermediate > 0, "dense layers need intermediate_size");
    } else {
        need(dense_intermediate > 0, "intermediate_size must be positive");
    }
    need(sliding_layers >= 0 && linear_layers >= 0 && sliding_layers + linear_layers < layers,
         "sliding-window and linear-attention layers leave no full-attention layer");
    need(linear_layers == 0 || (linear_key_heads > 0 && linear_value_heads > 0 && linear_key_head_dim > 0 &&
                                linear_value_head_dim > 0 && linear_value_heads % linear_key_heads == 0),
         "linear-attention layers need linear_num_key_heads, linear_num_value_heads (a multiple of the key heads), "
         "linear_key_head_dim and linear_value_head_dim");
    need(sliding_layers == 0 || sliding_window > 0, "sliding-window layers need a positive sliding_window");
    need(!is_sparse_attention() || (index_heads > 0 && index_head_dim > 0),
         "sparse attention (index_topk) needs index_n_heads and index_head_dim");
    need(mtp_layers >= 0, "num_nextn_predict_layers must not be negative");
}

}  // namespace infercost
