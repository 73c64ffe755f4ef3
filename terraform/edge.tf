################################################################################
# Dashboard edge: CloudFront in front of the ALB that the AWS Load Balancer Controller creates for
# the `conveyor` Ingress (deploy/overlays/prod), protected by an AWS WAFv2 web ACL.
# CloudFront-scoped WAF ACLs and CloudFront certificates live in us-east-1, hence the provider alias.
# The ALB exists only once the Ingress is applied: set dashboard_origin_domain to its DNS name
# (kubectl -n conveyor get ingress conveyor) and apply again; until then nothing here is created.
################################################################################

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.tags
  }
}

locals {
  edge_enabled = var.dashboard_origin_domain != ""
}

resource "aws_wafv2_web_acl" "dashboard" {
  count    = local.edge_enabled ? 1 : 0
  provider = aws.us_east_1

  name        = "${local.name}-dashboard"
  description = "Conveyor dashboard and APIs behind CloudFront"
  scope       = "CLOUDFRONT"

  default_action {
    allow {}
  }

  # 1. Per-client rate limit (requests per 5 minutes per IP): floods are blocked before the ALB.
  rule {
    name     = "rate-limit-per-ip"
    priority = 0

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.waf_rate_limit_per_5min
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  # 2. AWS managed rule groups: addresses with a bad reputation, the common web exploits, known bad inputs.
  dynamic "rule" {
    for_each = {
      AWSManagedRulesAmazonIpReputationList = 1
      AWSManagedRulesCommonRuleSet          = 2
      AWSManagedRulesKnownBadInputsRuleSet  = 3
    }

    content {
      name     = rule.key
      priority = rule.value

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.key

          # Batch submissions (POST /v1/jobs/batch, up to 1000 jobs) exceed the 8 KB body limit of the
          # common rule set: count them instead of blocking; the command API enforces its own limit.
          dynamic "rule_action_override" {
            for_each = rule.key == "AWSManagedRulesCommonRuleSet" ? ["SizeRestrictions_BODY"] : []
            content {
              name = rule_action_override.value
              action_to_use {
                count {}
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.name}-${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.name}-dashboard"
    sampled_requests_enabled   = true
  }
}

data "aws_cloudfront_cache_policy" "caching_optimized" {
  name = "Managed-CachingOptimized"
}

data "aws_cloudfront_cache_policy" "caching_disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_origin_request_policy" "all_viewer" {
  name = "Managed-AllViewer"
}

resource "aws_cloudfront_distribution" "dashboard" {
  count = local.edge_enabled ? 1 : 0

  enabled         = true
  is_ipv6_enabled = true
  comment         = "Conveyor dashboard (${var.environment})"
  aliases         = [var.dashboard_domain]
  web_acl_id      = aws_wafv2_web_acl.dashboard[0].arn
  price_class     = "PriceClass_100"
  http_version    = "http2and3"

  origin {
    origin_id   = "alb"
    domain_name = var.dashboard_origin_domain

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
      # The SSE stream (/api/query/v1/stream) sends a heartbeat every 15 s: well inside this.
      origin_read_timeout      = 60
      origin_keepalive_timeout = 60
    }
  }

  # The built dashboard (hashed asset names): cached at the edge.
  default_cache_behavior {
    target_origin_id       = "alb"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    cache_policy_id        = data.aws_cloudfront_cache_policy.caching_optimized.id
  }

  # The APIs behind the dashboard's nginx: never cached, every header, cookie and query string forwarded.
  ordered_cache_behavior {
    path_pattern             = "/api/*"
    target_origin_id         = "alb"
    viewer_protocol_policy   = "https-only"
    allowed_methods          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods           = ["GET", "HEAD"]
    compress                 = false
    cache_policy_id          = data.aws_cloudfront_cache_policy.caching_disabled.id
    origin_request_policy_id = data.aws_cloudfront_origin_request_policy.all_viewer.id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  # Always an ACM certificate: CloudFront's default one forces TLSv1 as the minimum protocol.
  viewer_certificate {
    acm_certificate_arn      = var.dashboard_certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  lifecycle {
    precondition {
      condition     = var.dashboard_certificate_arn != "" && var.dashboard_domain != ""
      error_message = "dashboard_origin_domain needs dashboard_domain and its us-east-1 ACM certificate (dashboard_certificate_arn)."
    }
  }
}
