environment        = "prod"
region             = "eu-west-1"
vpc_cidr           = "10.40.0.0/16"
single_nat_gateway = false

# Office / VPN egress ranges allowed to reach the EKS API; [] keeps the endpoint private.
cluster_endpoint_public_access_cidrs = []

db_instance_class   = "db.m6g.large"
db_multi_az         = true
deletion_protection = true
