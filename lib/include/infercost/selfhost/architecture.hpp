// Model architectures, read from the model's published Hugging Face config.json: what a self-hosted
// deployment must hold in memory and compute for every token.
#pragma once

#include "infercost/export.hpp"
#include "infercost/core/error.hpp"
#include "infercost/core/time.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace infercost {

enum class AttentionKind {
    gqa,  // multi-head or grouped-query attention: K and V cached per KV head
    mla,  // multi-head latent attention (DeepSeek-V2/V3, Kimi-K2): one compressed latent cached per token
};

struct INFERCOST_API ModelArchitecture {
    std::string id;
    std::string name;
    std::string model_type;  // config.json `model_type`
    std::string origin;      // ISO 3166-1 alpha-2 of the lab that trained it
    bool open_weights = true;
    std::string license;
    double published_total_params_b = 0;   // as the lab states it; 0 when unknown
    double published_active_params_b = 0;
    std::string published_params_source;  // where the published counts were read (the model card)
    Date published_params_checked{};
    std::vector<std::string> served_by;  // API offerings serving these weights
    std::string source;
    Date checked{};
    SourceRef loaded_from;

    int layers = 0;
    int hidden = 0;
    int heads = 0;
    int kv_heads = 0;
    int head_dim = 0;
    int vocab = 0;
    bool tied_embeddings = false;
    int dense_intermediate = 0;  // FFN width of dense layers

    // Mixture of experts (experts == 0: a dense model).
    int experts = 0;                   // routed experts per MoE layer
    int experts_per_token = 0;         // top-k
    int shared_experts = 0;
    int expert_intermediate = 0;       // FFN width of one routed (and shared) expert
    int dense_layers = 0;              // leading layers that use the dense FFN (DeepSeek first_k_dense_replace)

    // Multi-head latent attention (kv_lora_rank > 0).
    int q_lora_rank = 0;
    int kv_lora_rank = 0;
    int qk_nope_head_dim = 0;
    int qk_rope_head_dim = 0;
    int v_head_dim = 0;

    // Sliding-window attention: `sliding_layers` of the layers see only the last `sliding_window` tokens.
    int sliding_window = 0;
    int sliding_layers = 0;

    // Linear-attention layers (Gated DeltaNet, Qwen3.5/3.6 and Qwen3-Next: `layer_types` "linear_attention"): each
    // keeps a fixed recurrent state per sequence (value heads x key dim x value dim, FP32) and a short convolution
    // window instead of a KV cache that grows with the context.
    int linear_layers = 0;
    int linear_key_heads = 0;
    int linear_value_heads = 0;
    int linear_key_head_dim = 0;
    int linear_value_head_dim = 0;
    int linear_conv_kernel = 0;
    // A sigmoid gate on the attention output (attn_output_gate): the query projection is twice as wide.
    bool attention_output_gate = false;

    // Sparse attention (DeepSeek Sparse Attention, index_topk > 0): a small FP8 "lightning indexer" scores every
    // cached token, and the main attention of each query then reads only the `index_topk` best.
    int index_topk = 0;
    int index_heads = 0;
    int index_head_dim = 0;

    // Multi-token-prediction modules shipped with the weights (num_nextn_predict_layers): one MTP layer drafts one
    // token for speculative decoding.
    int mtp_layers = 0;

    AttentionKind attention() const { return kv_lora_rank > 0 ? AttentionKind::mla : AttentionKind::gqa; }
    bool is_moe() const { return experts > 0; }
    bool is_sparse_attention() const { return index_topk > 0; }
    int moe_layers() const { return is_moe() ? layers - dense_layers : 0; }
    int full_attention_layers() const { return layers - sliding_layers - linear_layers; }

    // Parameter counts (not billions), from the config. Norms and biases are left out (well under 0.1%).
    double attention_params_per_layer() const;         // one softmax-attention (full or sliding) layer
    double linear_attention_params_per_layer() const;  // one linear-attention layer
    double indexer_params_per_layer() const;           // the sparse-attention indexer of one layer (0 without)
    double dense_ffn_params() const;      // one dense FFN layer
    double expert_params() const;         // one routed expert
    double shared_expert_params() const;  // all shared experts of one MoE layer
    double router_params() const;         // one MoE layer's gate
    double embedding_params() const;      // input embedding plus output head (once if tied)
    double lm_head_params() const;
    double routed_expert_params_total() const;  // every routed expert of every layer
    double total_params() const;
    double active_params() const;  // per token: everything but the routed experts not chosen

    // KV cache for one token in one full-attention layer, whole model width, at `bytes` per element (with sparse
    // attention, plus the indexer's FP8 key and its FP32 scale).
    double kv_bytes_per_token_per_layer(double bytes) const;
    // Cached tokens one query's main attention reads in a full-attention layer at `context`: all, or index_topk.
    double attended_tokens(double context) const;
    // Indexer FLOPs per (query, cached token) pair per layer (0 without sparse attention).
    double indexer_flops_per_pair() const;
    // KV cache per token for the full-attention layers (the figure usually quoted).
    double kv_bytes_per_token(double bytes) const;
    // KV cache of one sequence of `context` tokens, counting sliding-window layers at their window and the
    // linear-attention layers' fixed state.
    double kv_bytes(double context, double bytes) const;
    // The linear-attention layers' state of one sequence: the recurrent state in FP32 and the convolution window
    // at `bytes` per element; 0 without such layers.
    double linear_state_bytes(double bytes) const;
    // FLOPs per token per linear-attention layer for the recurrent update and read-out (prefill and decode alike).
    double linear_attention_flops_per_token() const;
    // Attention FLOPs per (query, key) pair per layer in prefill, and per cached token per layer for one
    // decode query (MLA decodes in the latent space with the up-projections absorbed).
    double prefill_attention_flops_per_pair() const;
    double decode_attention_flops_per_token() const;

    // Throws InputError naming the first inconsistent field.
    void validate() const;
};


}  // namespace infercost
